/**
 * The one OpenTelemetry meter every Pyro instrument is created on. One meter name means one
 * instrumentation scope, so a process that runs a Router and Lavanodes together (standalone)
 * exports each metric family once instead of once per scope.
 */
import { metrics, type Meter } from "@opentelemetry/api";

/** Instrumentation scope name of every Pyro metric. */
export const PYRO_METER_NAME = "pyro";

/**
 * The shared meter. Call it when an instrument is created, not at module load: before the SDK
 * starts the API hands out a no-op meter for good.
 */
export function pyroMeter(): Meter {
  return metrics.getMeter(PYRO_METER_NAME);
}
