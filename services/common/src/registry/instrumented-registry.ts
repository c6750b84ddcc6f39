/**
 * A registry wrapper that times every store operation into `pyro_registry_operation_duration_seconds`
 * `{backend, operation}` and counts failures into `pyro_registry_errors_total{backend, store}`.
 * A domain outcome (stale epoch, not found, version mismatch, queue full, ...) is an answer, not a
 * registry error; a corrupt record, a lost connection or a timeout is. Behaviour is unchanged:
 * every call is forwarded as is and its result or error returned.
 */
import type { Registry } from "./registry";
import { CorruptRecordError, RegistryError } from "./errors";
import { pyroMeter } from "../telemetry/pyro-meter";

const STORES = ["players", "nodes", "leases", "events", "queues", "voiceHalves", "lavalinkSessions", "eventLog"] as const;

const BUCKETS_S = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** True when `err` means the registry failed rather than answered. */
function isRegistryFailure(err: unknown): boolean {
  return !(err instanceof RegistryError) || err instanceof CorruptRecordError;
}

function wrapStore<T extends object>(store: T, storeName: string, record: (operation: string, seconds: number, failed: boolean) => void): T {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== "function" || typeof prop !== "string") return value;
      const operation = `${storeName}.${prop}`;
      return (...args: unknown[]) => {
        const started = performance.now();
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.then(
          (v) => {
            record(operation, (performance.now() - started) / 1000, false);
            return v;
          },
          (err: unknown) => {
            record(operation, (performance.now() - started) / 1000, isRegistryFailure(err));
            throw err;
          },
        );
      };
    },
  });
}

/**
 * Wraps `registry`; `backend` (`redis`, `memory`) labels the series. Instruments are created now,
 * so call it after telemetry started. `close` is forwarded.
 */
export function instrumentRegistry(registry: Registry, backend: string): Registry {
  const meter = pyroMeter();
  const seconds = meter.createHistogram("pyro_registry_operation_duration_seconds", {
    description: "Latency of registry operations, in seconds", unit: "s", advice: { explicitBucketBoundaries: BUCKETS_S },
  });
  const errors = meter.createCounter("pyro_registry_errors_total", { description: "Registry operations that failed (connection, timeout, corrupt record), by store" });
  // Every series exists from the start at 0, so rate() and alerts see a value before the first error.
  for (const store of STORES) errors.add(0, { backend, store });
  const record = (operation: string, s: number, failed: boolean): void => {
    seconds.record(s, { backend, operation });
    if (failed) errors.add(1, { backend, store: operation.slice(0, operation.indexOf(".")) });
  };
  const wrapped: Record<string, unknown> = {};
  for (const name of STORES) wrapped[name] = wrapStore(registry[name], name, record);
  return { ...(wrapped as Pick<Registry, (typeof STORES)[number]>), close: () => registry.close() };
}
