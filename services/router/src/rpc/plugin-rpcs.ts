/** CallPlugin: a Lavalink plugin's REST route, routed to the node with the player or the plugin. */
import type { ServiceImpl } from "../../../common/src/grpc/call-context";
import { InvalidArgumentError } from "../../../common/src/errors";
import { splitPathQuery, validatePluginMethod, validatePluginPath } from "../../../common/src/plugin-route";
import type { RouterServiceService } from "../../../../gen/ts/pyro/router/v1/router_service";
import { callPlugin } from "../plugins/plugin-calls";
import { assertGuildId } from "./validate";
import type { RouterContext } from "./router-context";

type Impl = ServiceImpl<typeof RouterServiceService>;

/** Largest accepted `body_json`, in bytes of UTF-8. */
const MAX_BODY_BYTES = 1024 * 1024;

/** callPlugin. */
export function createPluginRpcs(c: RouterContext): Pick<Impl, "callPlugin"> {
  return {
    async callPlugin(req, { signal }) {
      const method = validatePluginMethod(req.method);
      const scoped = req.guildId !== "";
      if (scoped) assertGuildId(req.guildId);
      if (scoped && req.nodeId !== undefined) throw new InvalidArgumentError("node_id", "cannot be set for a player-scoped call (it goes to the player's node)");
      const { path, query } = splitPathQuery(req.path);
      validatePluginPath(path, scoped ? "player" : "global");
      let body: { data: Buffer; contentType: string } | undefined;
      if (req.bodyJson !== "") {
        if (Buffer.byteLength(req.bodyJson) > MAX_BODY_BYTES) throw new InvalidArgumentError("body_json", `is larger than ${MAX_BODY_BYTES} bytes`);
        try {
          JSON.parse(req.bodyJson);
        } catch {
          throw new InvalidArgumentError("body_json", "is not valid JSON");
        }
        body = { data: Buffer.from(req.bodyJson, "utf8"), contentType: "application/json" };
      }
      const answer = await callPlugin(c, { method, path, query, guildId: scoped ? req.guildId : undefined, body, nodeId: req.nodeId }, signal);
      return { httpStatus: answer.status, body: answer.body.toString("utf8"), contentType: answer.contentType, nodeId: answer.nodeId };
    },
  };
}
