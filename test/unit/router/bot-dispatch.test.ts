/** Choosing a call's bot stack: request field, then metadata, then the default; scope checked first. */
import { Metadata } from "@grpc/grpc-js";
import { InvalidArgumentError, PermissionDeniedError } from "../../../services/common/src/errors";
import { silentLogger } from "../../../services/common/src/logger";
import type { CallContext } from "../../../services/common/src/grpc/call-context";
import { createBotDispatch } from "../../../services/router/src/rpc/bot-dispatch";
import { TokenScopes } from "../../../services/router/src/auth/token-scopes";

const A = "100000000000000001";
const B = "100000000000000002";
const ctx = (md: Record<string, string> = {}): CallContext => {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(md)) metadata.set(k, v);
  return { signal: new AbortController().signal, metadata, method: "/test", peer: "test" };
};
/** A stack whose getPlayer answers with its own bot's name in the track, so the test sees which stack ran. */
const stack = (bot: string) => ({
  getPlayer: async () => ({ player: { nodeId: `node-of-${bot}`, epoch: 1n, phase: 1 } }),
  async *watchEvents() { yield { event: { sequence: 1n, guildId: "", nodeId: bot, replay: false, guildSequence: 0n } }; },
});
const stacks = new Map([[A, stack(A)], [B, stack(B)]]) as never;

describe("createBotDispatch", () => {
  it("takes the request's bot, else the metadata's, else the default, and stamps the players of the answer", async () => {
    const d = createBotDispatch({ stacks, defaultBot: A });
    await expect(d.getPlayer!({ guildId: "1", botUserId: B }, ctx({ "pyro-bot-user-id": A }))).resolves.toMatchObject({ player: { nodeId: `node-of-${B}`, botUserId: B } });
    await expect(d.getPlayer!({ guildId: "1" }, ctx({ "pyro-bot-user-id": B }))).resolves.toMatchObject({ player: { nodeId: `node-of-${B}`, botUserId: B } });
    await expect(d.getPlayer!({ guildId: "1" }, ctx())).resolves.toMatchObject({ player: { nodeId: `node-of-${A}`, botUserId: A } });
    const events = [];
    for await (const e of d.watchEvents!({ guildIds: [], botUserId: B } as never, ctx())) events.push(e);
    // Events are the hub's (which sets their bot before fan-out), passed through unchanged.
    expect(events).toEqual([{ event: expect.objectContaining({ nodeId: B }) }]);
  });

  it("refuses a malformed or unserved bot with the field's path", async () => {
    const d = createBotDispatch({ stacks, defaultBot: A });
    await expect(d.getPlayer!({ guildId: "1", botUserId: "abc" }, ctx())).rejects.toMatchObject({ field: "bot_user_id" });
    await expect(d.getPlayer!({ guildId: "1" }, ctx({ "pyro-bot-user-id": "12" }))).rejects.toMatchObject({ field: "pyro-bot-user-id" });
    await expect(d.getPlayer!({ guildId: "1", botUserId: "100000000000000009" }, ctx())).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("checks the token's scope before anything runs, also for a bot it does not serve", async () => {
    const scopes = new TokenScopes({ allBotsToken: "operator-token-0123456789", logger: silentLogger });
    const d = createBotDispatch({ stacks, defaultBot: A, scopes });
    await expect(d.getPlayer!({ guildId: "1", botUserId: B }, ctx({ authorization: "Bearer operator-token-0123456789" }))).resolves.toBeDefined();
    await expect(d.getPlayer!({ guildId: "1" }, ctx({ authorization: "Bearer nope-nope-nope-nope" }))).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(() => TokenScopes.assertCovers(new Set([A]), B)).toThrow(PermissionDeniedError);
  });

  it("without configured bots, lets a call name the bot the nodes serve", async () => {
    const d = createBotDispatch({ stacks: new Map([["", stack("only")]]) as never, defaultBot: "", defaultAliases: () => new Set([A]) });
    await expect(d.getPlayer!({ guildId: "1", botUserId: A }, ctx())).resolves.toMatchObject({ player: { nodeId: "node-of-only", botUserId: A } });
    await expect(d.getPlayer!({ guildId: "1" }, ctx())).resolves.toMatchObject({ player: { nodeId: "node-of-only" } });
    await expect(d.getPlayer!({ guildId: "1", botUserId: B }, ctx())).rejects.toMatchObject({ field: "bot_user_id" });
  });
});
