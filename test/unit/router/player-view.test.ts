// The phase a stored player is shown in: PARKED (with Lavalink's reason) wins over where it is,
// and a broken record shows only its guild and reason.
import { brokenPlayer, managedPlayer, phaseOf } from "../../../services/router/src/players/player-view";
import { buildPlayerRecord } from "../../../services/common/src/registry/player-init";
import { PlayerPhase } from "../../../gen/ts/pyro/router/v1/player";

const voice = { sessionId: "s", token: "secret-token", endpoint: "e", channelId: "1" };

describe("player view", () => {
  it("a parked record is PARKED with its reason, placed or not; unparked it is what its owner and voice say", () => {
    const base = { ...buildPlayerRecord({ guildId: "1", ownerNodeId: "node-a", voice }, 1000) };
    const parked = { ...base, state: { ...base.state, parked: { reason: "Lavalink answered 400: bad", attempts: 3, at: 2000 } } };
    expect(phaseOf(parked, true)).toBe(PlayerPhase.PLAYER_PHASE_PARKED);
    expect(phaseOf(parked, false)).toBe(PlayerPhase.PLAYER_PHASE_PARKED);
    expect(managedPlayer(parked, true, 3000)).toMatchObject({ phase: PlayerPhase.PLAYER_PHASE_PARKED, parkedReason: "Lavalink answered 400: bad" });
    const cleared = { ...base, state: { ...base.state, parked: null } };
    expect(phaseOf(cleared, true)).toBe(PlayerPhase.PLAYER_PHASE_PLACED);
    expect(managedPlayer(cleared, true, 3000).parkedReason).toBeUndefined();
    expect(managedPlayer(parked, true, 3000).player?.voice?.token).toBe("");
  });

  it("a broken record shows its guild, phase BROKEN and the reason only", () => {
    expect(brokenPlayer({ guildId: "7", reason: "voice.endpoint must be a string" })).toEqual({
      player: { guildId: "7", volume: 0, paused: false }, nodeId: "", epoch: 0n, phase: PlayerPhase.PLAYER_PHASE_BROKEN, brokenReason: "voice.endpoint must be a string",
    });
  });
});
