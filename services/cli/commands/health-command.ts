/**
 * `pyro health [--service name]`: asks a Router or Lavanode for its standard gRPC health status
 * (grpc.health.v1). Prints the status; exits 0 when SERVING, 3 otherwise (unreachable, or not
 * serving yet). The container image's HEALTHCHECK uses it, so it needs no other tool.
 */
import * as grpc from "@grpc/grpc-js";
import { readFileSync } from "node:fs";
import { HealthClient, HealthCheckResponse_ServingStatus } from "../../../gen/ts/grpc/health/v1/health";
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../operator-args";
import { CommandError, toJsonLine, type CommandIo } from "../operator-io";

/** Usage line. */
export const HEALTH_USAGE = "pyro health [--service name] [--address host:port] [--json]";

/** Flags of the command. */
export const HEALTH_OPTIONS = {
  ...OPERATOR_COMMON_OPTIONS,
  service: { flag: "service", kind: "string", doc: "service to ask about (default: the whole server)" },
} as const;

/** Checks health once. @throws CommandError (exit 3) unless SERVING. */
export async function runHealth(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<void> {
  const { options: o } = parseOperatorArgs(HEALTH_OPTIONS, [], argv, env);
  const credentials = o.tls || o.caCert !== undefined ? grpc.credentials.createSsl(o.caCert !== undefined ? readFileSync(o.caCert) : null) : grpc.credentials.createInsecure();
  const client = new HealthClient(o.address, credentials);
  try {
    const status = await new Promise<HealthCheckResponse_ServingStatus | undefined>((resolve) => {
      client.check({ service: o.service ?? "" }, new grpc.Metadata(), { deadline: Date.now() + o.timeoutMs }, (err, res) => resolve(err ? undefined : res.status));
    });
    const name = status === undefined ? "UNREACHABLE" : (HealthCheckResponse_ServingStatus[status] ?? String(status));
    io.out(o.json ? toJsonLine({ address: o.address, status: name }) : `${o.address}: ${name}`);
    if (status !== HealthCheckResponse_ServingStatus.SERVING) throw new CommandError(`${o.address} is not serving`, 3);
  } finally {
    client.close();
  }
}
