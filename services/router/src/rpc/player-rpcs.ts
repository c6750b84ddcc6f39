/** Player and voice RPCs of RouterService. */
import type { ServiceImpl } from "../../../common/src/grpc/call-context";
import { InvalidArgumentError } from "../../../common/src/errors";
import type { RouterServiceService } from "../../../../gen/ts/pyro/router/v1/router_service";
import type { IngestVoiceEventsRequest } from "../../../../gen/ts/pyro/router/v1/voice";
import { DestroyReason, MoveReason } from "../../../../gen/ts/pyro/router/v1/event";
import { parseGatewayVoiceEvent } from "../voice/gateway-events";
import { assertGuildId, checkSnowflake, pageSize, Problems, validateUpdatePlayer } from "./validate";
import type { RouterContext } from "./router-context";

type Impl = ServiceImpl<typeof RouterServiceService>;

/** updatePlayer, getPlayer, listPlayers, destroyPlayer, movePlayer, updateVoiceState, updateVoiceServer, ingestVoiceEvents. */
export function createPlayerRpcs(c: RouterContext): Pick<Impl, "updatePlayer" | "getPlayer" | "listPlayers" | "destroyPlayer" | "movePlayer" | "updateVoiceState" | "updateVoiceServer" | "ingestVoiceEvents"> {
  return {
    async updatePlayer(req, { signal }) {
      validateUpdatePlayer(req);
      return { player: await c.players.update(req, signal) };
    },
    async getPlayer(req, { signal }) {
      assertGuildId(req.guildId);
      return { player: await c.players.get(req.guildId, signal) };
    },
    async listPlayers(req, { signal }) {
      const limit = pageSize(req.pageSize, "page_size");
      const page = await c.players.list({ nodeId: req.nodeId, cursor: req.pageToken || undefined, limit }, signal);
      return { players: page.players, nextPageToken: page.cursor ?? "" };
    },
    async destroyPlayer(req, { signal }) {
      assertGuildId(req.guildId);
      return { existed: await c.players.destroy(req.guildId, DestroyReason.DESTROY_REASON_REQUESTED, signal) };
    },
    async movePlayer(req, { signal }) {
      assertGuildId(req.guildId);
      if (req.targetNodeId !== undefined && req.targetNodeId.trim() === "") throw new InvalidArgumentError("target_node_id", "must not be empty when set");
      const before = await c.players.get(req.guildId, signal);
      const player = await c.players.move(req.guildId, MoveReason.MOVE_REASON_MANUAL, req.targetNodeId, signal);
      return { player, oldNodeId: before.nodeId, newNodeId: player.nodeId };
    },
    async updateVoiceState(req, { signal }) {
      const p = new Problems();
      checkSnowflake(p, "guild_id", req.guildId);
      checkSnowflake(p, "user_id", req.userId);
      if (req.channelId !== undefined) checkSnowflake(p, "channel_id", req.channelId);
      if (req.channelId !== undefined && req.sessionId === "") p.add("session_id", "is required when channel_id is set");
      p.done();
      return c.voice.state(req.guildId, req.userId, req.sessionId, req.channelId ?? null, signal);
    },
    async updateVoiceServer(req, { signal }) {
      const p = new Problems();
      checkSnowflake(p, "guild_id", req.guildId);
      if (req.token === "") p.add("token", "is required");
      if (req.endpoint === "") p.add("endpoint", "must not be empty when set");
      p.done();
      return c.voice.server(req.guildId, req.token, req.endpoint ?? null, signal);
    },
    async ingestVoiceEvents(reqs: AsyncIterable<IngestVoiceEventsRequest>, { signal }) {
      let received = 0n, accepted = 0n, ignored = 0n, rejected = 0n;
      for await (const req of reqs) {
        received++;
        try {
          const raw = req.payload?.$case === "data" ? req.payload.value : req.payload?.$case === "dataJson" ? JSON.parse(req.payload.value) as unknown : undefined;
          if (raw === undefined) throw new InvalidArgumentError("payload", "is required");
          const ev = parseGatewayVoiceEvent(req.eventName, raw);
          if (!ev) { ignored++; continue; }
          const p = new Problems();
          checkSnowflake(p, "data.guild_id", ev.guildId);
          p.done();
          if (ev.type === "state") {
            const r = await c.voice.state(ev.guildId, ev.userId, ev.sessionId, ev.channelId, signal);
            if (r.accepted) accepted++; else ignored++;
          } else {
            await c.voice.server(ev.guildId, ev.token, ev.endpoint, signal);
            accepted++;
          }
        } catch (err) {
          rejected++;
          c.logger.debug("voice event rejected", { err: (err as Error).message });
        }
      }
      return { received, accepted, ignored, rejected };
    },
  };
}
