/** Builds a service's telemetry options from its parsed flags and the OTEL_* environment variables. */
import { ConfigError } from "./flags";
import { parseOtelEnv } from "./otel-env";
import type { TelemetryOptions } from "../telemetry";

/** The flags of COMMON_OPTIONS that telemetry uses. */
export interface TelemetryFlags {
  readonly metricsPort?: number;
  readonly metricsHost: string;
  readonly traceSampleRatio: number;
}

/**
 * Combines `flags` with the OTEL_* variables of `env` (read here once, at startup).
 * @throws ConfigError listing every invalid OTEL_* value (header values are never echoed).
 */
export function loadTelemetryOptions(serviceName: string, flags: TelemetryFlags, env: Readonly<Record<string, string | undefined>>, instanceId?: string): TelemetryOptions {
  const problems: string[] = [];
  const otel = parseOtelEnv(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { serviceName, instanceId, metricsPort: flags.metricsPort, metricsHost: flags.metricsHost, traceSampleRatio: flags.traceSampleRatio, otel };
}
