/** Log lines: trace/span ids inside a span, the pretty format, and redaction in both formats. */
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { createLogger, formatPretty } from "../../../services/common/src/logger";

const SPAN = trace.wrapSpanContext({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: 1 });

describe("logger", () => {
  it("adds trace_id and span_id to a line written inside a span, and nothing outside one", () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    // The SDK installs this context manager in a service; the test installs it alone.
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      context.with(trace.setSpan(context.active(), SPAN), () => log.info("inside", { guildId: "1" }));
      log.info("outside");
    } finally {
      context.disable();
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "inside", guildId: "1", trace_id: "0af7651916cd43dd8448eb211c80319c", span_id: "b7ad6b7169203331" });
    expect(JSON.parse(lines[1]!)).not.toHaveProperty("trace_id");
  });

  it("writes pretty lines for humans, still redacting secrets", () => {
    const lines: string[] = [];
    createLogger({ format: "pretty", write: (l) => lines.push(l), fields: { service: "router" } }).warn("node dead", { nodeId: "ll-a", password: "hunter2", why: "lease expired" });
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  node dead service=router nodeId=ll-a password=\[redacted\] why="lease expired"$/);
    expect(formatPretty({ time: "2026-01-01T12:00:00.123Z", level: "info", msg: "m", n: 1 })).toBe("12:00:00.123 INFO  m n=1");
  });
});
