/** What an operator command needs besides its arguments: output, connection, cancellation. */
import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { createPyroClient, type PyroClient } from "../../clients/ts/src";
import type { OperatorCommonConfig } from "./operator-args";

/** Output sinks and the Ctrl-C signal of one command run. */
export interface CommandIo {
  /** One line of the command's result (stdout). */
  out(line: string): void;
  /** One line of diagnostics (stderr). */
  err(line: string): void;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /**
   * Present when stdout is a terminal: redraws one status line in place (`\r`); `done` ends it
   * with a newline. Commands fall back to `out` lines without it.
   */
  progress?(line: string, done?: boolean): void;
}

/** A failure the command itself detected (nothing to play, bad combination of flags at run time). Exit code 1. */
export class CommandError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = "CommandError";
  }
}

/** Opens a client to the Router named by `--address`, with `--token`, `--bot`, `--tls`/`--ca-cert` and `--timeout-ms`. */
export function connectRouter(o: OperatorCommonConfig): PyroClient {
  const credentials = o.tls || o.caCert !== undefined
    ? grpc.credentials.createSsl(o.caCert !== undefined ? readFileSync(o.caCert) : null)
    : grpc.credentials.createInsecure();
  return createPyroClient(o.address, { token: o.token, botUserId: o.bot, credentials, timeoutMs: o.timeoutMs });
}

/** JSON.stringify that writes bigints as strings (proto3 JSON writes int64 as strings too). */
export function toJsonLine(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}
