/**
 * The hot path: one bidirectional stream per Router. Commands arrive with a request id and the
 * player's epoch and run concurrently across guilds (serialised per guild by the executor);
 * results, Lavalink events, player updates, stats and node status go back on the same stream
 * through a bounded queue, so a slow Router is disconnected instead of growing memory. Node status
 * is repeated every {@link HEARTBEAT_MS} as a heartbeat: a Router tells an answering node from a
 * frozen one by it, so a stale lease alone (a registry stall) is not mistaken for a death.
 */
import { status } from "@grpc/grpc-js";
import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from "@opentelemetry/api";
import type { CallContext } from "../../../common/src/grpc/call-context";
import { InvalidArgumentError, PyroError } from "../../../common/src/errors";
import { toStatus } from "../../../common/src/grpc/status-mapping";
import { createAsyncQueue } from "../../../common/src/async-queue";
import type { Logger } from "../../../common/src/logger";
import type { Command, CommandResult, ConnectRequest, ConnectResponse } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";
import { eventToProto, pluginFrameToProto } from "../../../common/src/mapping/events";
import { playerUpdateToProto } from "../../../common/src/mapping/player-update";
import { playerToProto } from "../../../common/src/mapping/player";
import { statsToProto } from "../../../common/src/mapping/stats";
import { playerUpdateToPatch } from "../../../common/src/mapping/update-player";
import { updateLimitProblems } from "../../../common/src/mapping/validate-update-limits";
import { int64ToNumber } from "../../../common/src/mapping/int64";
import { clampMessage } from "../../../common/src/limits";
import { undecodable } from "../../../common/src/grpc/tolerant-decode";
import { StaleEpochError } from "../errors";
import type { NodeRunner } from "../node/node-runner";
import type { UnknownMessage } from "../../../common/src/lavalink-protocol/message-types";
import { nodeStatusToProto } from "./node-status-proto";
import { parseCarriedRecord } from "./carried-record";

const int64 = (n: number): bigint => BigInt(Math.trunc(n));

const tracer = trace.getTracer("pyro-lavanode");

/**
 * Runs one command inside a span that continues the Router's trace (from the command's trace
 * context), so the Lavalink REST call it makes joins the same trace.
 */
function traced(node: NodeRunner, cmd: Command, signal: AbortSignal): ReturnType<typeof execute> {
  const parent = propagation.extract(ROOT_CONTEXT, cmd.traceContext);
  return context.with(parent, () => tracer.startActiveSpan(`lavanode.${cmd.action?.$case ?? "command"}`, async (span) => {
    span.setAttribute("pyro.guild_id", cmd.guildId);
    try {
      const r = await execute(node, cmd, signal);
      if (r.result.result?.$case === "error") span.setStatus({ code: SpanStatusCode.ERROR, message: r.result.result.value.message });
      return r;
    } finally {
      span.end();
    }
  }));
}

/** Runs one command and returns its result (errors become CommandError, never stream errors). */
async function execute(node: NodeRunner, cmd: Command, signal: AbortSignal): Promise<{ result: CommandResult; epoch: number }> {
  const epoch = int64ToNumber(cmd.epoch);
  try {
    if (!/^\d{1,20}$/.test(cmd.guildId)) throw new InvalidArgumentError("guild_id", "must be a Discord snowflake");
    const action = cmd.action;
    switch (action?.$case) {
      case "updatePlayer": {
        const problems = updateLimitProblems(action.value, "update_player");
        if (problems.length > 0) throw problems[0]!;
        const { body, noReplace } = playerUpdateToPatch(action.value);
        const r = await node.commands.update(cmd.guildId, epoch, { patch: body, noReplace, fullState: action.value.fullState }, { signal });
        return { result: { requestId: cmd.requestId, result: { $case: "player", value: playerToProto(r.player) } }, epoch: r.epoch };
      }
      case "rebuildPlayer": {
        const record = parseCarriedRecord(action.value.recordJson, cmd.guildId);
        const r = await node.commands.rebuild(cmd.guildId, epoch, { signal, holdPosition: action.value.holdPosition, record });
        return { result: { requestId: cmd.requestId, result: { $case: "player", value: playerToProto(r.player) } }, epoch: r.epoch };
      }
      case "destroyPlayer":
        await node.commands.destroy(cmd.guildId, epoch, { signal });
        return { result: { requestId: cmd.requestId, result: { $case: "done", value: {} } }, epoch };
      case "releasePlayer":
        await node.commands.release(cmd.guildId, epoch, { signal });
        return { result: { requestId: cmd.requestId, result: { $case: "done", value: {} } }, epoch };
      default:
        throw new InvalidArgumentError("command.action", "is required");
    }
  } catch (err) {
    const s = toStatus(err);
    const field = err instanceof InvalidArgumentError ? err.field : "";
    const currentEpoch = err instanceof StaleEpochError ? int64(err.actualEpoch) : undefined;
    const message = err instanceof PyroError || s.code !== status.INTERNAL ? s.details : "internal error";
    return { result: { requestId: cmd.requestId, result: { $case: "error", value: { code: s.code, message, field, currentEpoch } } }, epoch };
  }
}

/** Interval of the node-status heartbeat on every Connect stream, in ms. */
export const HEARTBEAT_MS = 1000;

/** The Connect handler for `node`. */
export function createConnectHandler(node: NodeRunner, logger: Logger) {
  return async function* connect(requests: AsyncIterable<ConnectRequest>, ctx: CallContext): AsyncIterable<ConnectResponse> {
    const out = createAsyncQueue<ConnectResponse>({ maxSize: 50000, signal: ctx.signal });
    const at = (): Date => new Date();
    const onStatus = (): void => void out.push({ epoch: 0n, receivedAt: at(), kind: { $case: "nodeStatus", value: nodeStatusToProto(node.status) } });
    const onEvent = (e: Parameters<typeof eventToProto>[0], epoch: number): void =>
      void out.push({ epoch: int64(epoch), receivedAt: at(), kind: { $case: "event", value: eventToProto(e) } });
    const onPlugin = (m: UnknownMessage, epoch: number): void =>
      void out.push({ epoch: int64(epoch), receivedAt: at(), kind: { $case: "event", value: pluginFrameToProto(m.payload, m.raw ?? JSON.stringify(m.payload)) } });
    const onUpdate = (m: Parameters<typeof playerUpdateToProto>[0], epoch: number): void =>
      void out.push({ epoch: int64(epoch), receivedAt: at(), kind: { $case: "playerUpdate", value: playerUpdateToProto(m) } });
    const onStats = (st: Parameters<typeof statsToProto>[0]): void => void out.push({ epoch: 0n, receivedAt: at(), kind: { $case: "stats", value: statsToProto(st) } });
    const onParked = (guildId: string, reason: string, attempts: number, epoch: number): void =>
      void out.push({ epoch: int64(epoch), receivedAt: at(), kind: { $case: "playerParked", value: { guildId, reason, attempts } } });

    let helloSeen = false;
    let heartbeat: NodeJS.Timeout | undefined;
    const router = node.routerStream();
    const inFlight = new Set<Promise<unknown>>();
    const pump = (async () => {
      for await (const req of requests) {
        // A Router that announces heartbeats in its hello is heard only as long as they arrive.
        router.heard({ heartbeat: req.kind?.$case === "heartbeat" || (req.kind?.$case === "hello" && (req.kind.value.heartbeatIntervalMs ?? 0) > 0) });
        const bad = undecodable(req);
        if (bad && helloSeen) {
          // One command that does not decode fails alone; the stream and every other command go on.
          logger.warn("undecodable command refused", { requestId: bad.requestId?.toString(), reason: bad.reason });
          if (bad.requestId !== undefined) {
            const value = { code: status.INVALID_ARGUMENT, message: clampMessage(`command: does not decode (${bad.reason})`), field: "command", currentEpoch: undefined };
            void out.push({ epoch: 0n, receivedAt: at(), kind: { $case: "commandResult", value: { requestId: bad.requestId, result: { $case: "error", value } } } });
          }
          continue;
        }
        if (req.kind?.$case === "hello") {
          if (helloSeen) {
            // A protocol slip ends nothing: the stream carries every other guild's commands.
            logger.warn("hello sent twice on a Connect stream; ignored");
            continue;
          }
          helloSeen = true;
          logger.info("router connected", { routerId: req.kind.value.routerId });
          onStatus();
          if (node.stats) onStats(node.stats);
          node.on("status", onStatus);
          node.on("event", onEvent);
          node.on("plugin", onPlugin);
          node.on("playerUpdate", onUpdate);
          node.on("stats", onStats);
          node.on("parked", onParked);
          heartbeat = setInterval(onStatus, HEARTBEAT_MS);
        } else if (req.kind?.$case === "heartbeat") {
          continue; // counted above
        } else if (req.kind?.$case === "command") {
          if (!helloSeen) throw new InvalidArgumentError("hello", "must be the first message");
          const cmd = req.kind.value;
          const done = traced(node, cmd, ctx.signal).then(({ result, epoch }) =>
            out.push({ epoch: int64(epoch), receivedAt: at(), kind: { $case: "commandResult", value: result } }));
          inFlight.add(done);
          void done.finally(() => inFlight.delete(done));
        } else if (helloSeen) {
          logger.warn("Connect message without a kind; ignored");
        } else {
          throw new InvalidArgumentError("kind", "is required");
        }
      }
      // The Router half-closed: answer what is still running, then end the stream.
      await Promise.all(inFlight);
      out.close();
    })().catch((err: unknown) => out.close(err instanceof Error ? err : new Error(String(err))));

    try {
      yield* out;
    } finally {
      router.close();
      clearInterval(heartbeat);
      node.off("status", onStatus);
      node.off("event", onEvent);
      node.off("plugin", onPlugin);
      node.off("playerUpdate", onUpdate);
      node.off("stats", onStats);
      node.off("parked", onParked);
      await pump;
    }
  };
}
