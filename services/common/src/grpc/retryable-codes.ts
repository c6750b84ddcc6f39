/**
 * The one list of retryable gRPC codes: ABORTED (lost a compare-and-set or an epoch fence) and
 * UNAVAILABLE (a node or the Router is down or shutting down). Servers, the Router's own retries
 * and the TypeScript client all import it.
 */
import { status } from "@grpc/grpc-js";

/** Codes a caller may retry safely. */
export const RETRYABLE_CODES: ReadonlySet<status> = new Set([status.ABORTED, status.UNAVAILABLE]);

/** True when `code` is in {@link RETRYABLE_CODES}. */
export function isRetryableCode(code: number): boolean {
  return RETRYABLE_CODES.has(code);
}
