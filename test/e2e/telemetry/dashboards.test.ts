/**
 * The shipped dashboard and alert rules work against a real cluster: `promtool check rules`
 * accepts the rules, and a real Prometheus scraping a running cluster (2 emulators, 2 Lavanodes,
 * 1 Router, after one drain and one failover) evaluates every dashboard and alert expression
 * without error, every metric name they use has data, and every rule evaluates healthy.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { guildIds, loadTrack, startPlayers } from "../../support/players-helpers";
import { waitFor } from "../../support/wait-for";
import { stablePort } from "../../support/stable-port";
import { REPO_ROOT } from "../../support/pyro-process";
import { startPrometheus, type PrometheusProcess } from "../../support/prometheus-process";

const RULES = join(REPO_ROOT, "deploy/prometheus/pyro-alerts.yaml");
const DASHBOARD = join(REPO_ROOT, "deploy/grafana/pyro-dashboard.json");

interface Panel { title: string; targets?: Array<{ expr: string }>; panels?: Panel[] }

/** Every PromQL expression of the dashboard (template variables replaced) and of the rules. */
function expressions(): Array<{ where: string; expr: string }> {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as { panels: Panel[] };
  const fromPanels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])])
    .flatMap((p) => (p.targets ?? []).map((t) => ({ where: `dashboard "${p.title}"`, expr: t.expr.replace(/\$node/g, ".*") })));
  const rules = parse(readFileSync(RULES, "utf8")) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
  const fromRules = rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })));
  return [...fromPanels, ...fromRules];
}

/** Metric names an expression selects. */
function metricNames(expr: string): string[] {
  return [...new Set([...expr.matchAll(/\b((?:pyro|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!))];
}

describe("Grafana dashboard and Prometheus alerts", () => {
  let cluster: Cluster;
  let prometheus: PrometheusProcess;

  it("promtool accepts the alert rules", () => {
    expect(execFileSync("promtool", ["check", "rules", RULES], { encoding: "utf8" })).toMatch(/SUCCESS: \d+ rules found/);
  });

  describe("against a running cluster", () => {
    beforeAll(async () => {
      const [router, a, b] = [await stablePort(), await stablePort(), await stablePort()];
      const lavanodePorts = [a, b];
      cluster = await startCluster({
        nodes: 2, routers: 1, routerArgs: ["--metrics-port", String(router)],
        lavanodeArgsAt: (i) => ["--metrics-port", String(lavanodePorts[i])],
      });
      const client = cluster.clients[0]!;
      // The emulator reports frame stats only after a minute of playback; force them now.
      await Promise.all(cluster.emulators.map((e) => e.control("setStats", { frameStats: { sent: 3000, nulled: 2, deficit: 5 } })));
      prometheus = await startPrometheus({ "pyro-router": [`127.0.0.1:${router}`], "pyro-lavanode": lavanodePorts.map((p) => `127.0.0.1:${p}`) }, [RULES]);
      // Traffic for every family: players, a drain of node-a, then a failover of node-b back onto node-a.
      const track = await loadTrack(client, "emulator:dash:600000");
      await startPlayers(client, guildIds(4, 720000000000000000n), track);
      await client.drainNode({ nodeId: "node-a", reason: "dashboard test" });
      await waitFor(async () => (await client.listPlayers({ pageSize: 0, pageToken: "" })).players.every((p) => p.nodeId === "node-b"), { timeoutMs: 30000, what: "drain of node-a" });
      await client.uncordonNode({ nodeId: "node-a" });
      await cluster.lavanodes[1]!.stop("SIGKILL");
      await waitFor(async () => (await client.listPlayers({ pageSize: 0, pageToken: "" })).players.every((p) => p.nodeId === "node-a"), { timeoutMs: 30000, what: "failover to node-a" });
    });

    afterAll(async () => {
      await prometheus?.stop();
      await cluster?.stop();
    });

    it("every expression evaluates, and every metric it names has data", async () => {
      const all = expressions();
      expect(all.length).toBeGreaterThan(20);
      const names = [...new Set(all.flatMap((e) => metricNames(e.expr)))];
      const missing = async (): Promise<string[]> => {
        const out: string[] = [];
        for (const name of names) {
          const r = await prometheus.api<{ result: unknown[] }>("query", { query: `count({__name__="${name}"})` });
          if (r.status !== "success" || r.data.result.length === 0) out.push(name);
        }
        return out;
      };
      let last: string[] = [];
      await waitFor(async () => (last = await missing()).length === 0, { timeoutMs: 30000, intervalMs: 500, what: "every metric name in Prometheus" })
        .catch(() => undefined);
      expect(last).toEqual([]);
      for (const { where, expr } of all) {
        const r = await prometheus.api("query", { query: expr });
        expect({ where, status: r.status, error: r.error }).toEqual({ where, status: "success", error: undefined });
      }
    });

    it("every alert rule evaluates healthy", async () => {
      const rules = await waitFor(async () => {
        const r = await prometheus.api<{ groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> }>("rules");
        const list = r.data.groups.flatMap((g) => g.rules);
        return list.length > 0 && list.every((x) => x.health !== "unknown") ? list : undefined;
      }, { timeoutMs: 20000, what: "rules evaluated" });
      expect(rules.map((r) => [r.name, r.health, r.lastError ?? ""])).toEqual(rules.map((r) => [r.name, "ok", ""]));
    });
  });
});
