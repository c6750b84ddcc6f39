/**
 * Runs a function inside an active span: the span ends when the function settles, records an
 * exception and ERROR status when it throws, and is the parent of every span started inside it
 * (including the trace context sent to Lavanodes). A no-op span when tracing is off.
 */
import { context, ROOT_CONTEXT, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

const tracer = trace.getTracer("pyro");

/**
 * Calls `fn(span)` inside a new span named `name`. With `root: true` the span starts a new trace
 * instead of joining the caller's (background work such as a failover).
 * @throws whatever `fn` throws, after recording it on the span.
 */
export async function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, options: { root?: boolean } = {}): Promise<T> {
  const parent = options.root ? ROOT_CONTEXT : context.active();
  return tracer.startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).name });
      throw err;
    } finally {
      span.end();
    }
  });
}
