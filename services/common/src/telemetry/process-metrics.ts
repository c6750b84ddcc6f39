/**
 * Process and Node.js runtime metrics under the names Prometheus' own client libraries use
 * (`process_*`, `nodejs_*`), so existing Node.js dashboards and alerts work on Pyro unchanged.
 * Observed at scrape time; nothing runs between scrapes except the event-loop delay histogram.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { readdirSync } from "node:fs";
import { pyroMeter } from "./pyro-meter";

/** Registers the process/runtime gauges and counters on the shared meter. Call once per process. */
export function registerProcessMetrics(): void {
  const meter = pyroMeter();
  const startSeconds = Math.floor((Date.now() - process.uptime() * 1000) / 1000);
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  meter.createObservableCounter("process_cpu_seconds_total", { description: "User and system CPU time spent, in seconds", unit: "s" })
    .addCallback((r) => {
      const { user, system } = process.cpuUsage();
      r.observe((user + system) / 1e6);
    });
  meter.createObservableGauge("process_resident_memory_bytes", { description: "Resident memory size in bytes", unit: "By" })
    .addCallback((r) => r.observe(process.memoryUsage.rss()));
  meter.createObservableGauge("process_start_time_seconds", { description: "Start time of the process since the Unix epoch, in seconds", unit: "s" })
    .addCallback((r) => r.observe(startSeconds));
  meter.createObservableGauge("process_open_fds", { description: "Open file descriptors (Linux)" }).addCallback((r) => {
    try {
      r.observe(readdirSync("/proc/self/fd").length);
    } catch {
      // Not Linux: no /proc, no value.
    }
  });
  meter.createObservableGauge("nodejs_heap_size_used_bytes", { description: "V8 heap in use, in bytes", unit: "By" })
    .addCallback((r) => r.observe(process.memoryUsage().heapUsed));
  meter.createObservableGauge("nodejs_heap_size_total_bytes", { description: "V8 heap reserved, in bytes", unit: "By" })
    .addCallback((r) => r.observe(process.memoryUsage().heapTotal));
  meter.createObservableGauge("nodejs_eventloop_lag_p99_seconds", { description: "99th percentile of event-loop delay since the previous scrape, in seconds", unit: "s" })
    .addCallback((r) => {
      r.observe(loop.count > 0 ? loop.percentile(99) / 1e9 : 0);
      loop.reset();
    });
  meter.createObservableGauge("nodejs_active_handles", { description: "Active libuv handles (sockets, timers, servers)" })
    .addCallback((r) => r.observe(process.getActiveResourcesInfo().length));
}
