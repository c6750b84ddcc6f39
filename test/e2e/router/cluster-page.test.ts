/**
 * The Router's live cluster page in a real browser: headless Chromium opens the page (with the
 * Router's auth token), a drain shows as a progress bar, then an emulator is killed and the
 * failover (the node going down and each of its players moving) appears in the DOM without a
 * reload. The page is refused without the token. Saves docs/cluster-page.png for the README when
 * PYRO_WRITE_SCREENSHOT=1.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { guildIds, loadTrack, startPlayers } from "../../support/players-helpers";
import { waitFor } from "../../support/wait-for";
import { stablePort } from "../../support/stable-port";
import { REPO_ROOT } from "../../support/pyro-process";
import { openHeadlessPage, type HeadlessPage } from "../../support/chromium";

const TOKEN = "page-test-token";

describe("cluster page (Chromium)", () => {
  let cluster: Cluster;
  let page: HeadlessPage | undefined;
  let httpPort: number;

  beforeAll(async () => {
    httpPort = await stablePort();
    cluster = await startCluster({
      nodes: 3, routers: 1,
      routerArgsAt: () => ["--http-port", String(httpPort), "--auth-token", TOKEN],
      lavanodeArgs: ["--lease-ttl-ms", "1000", "--resume-timeout-s", "2"],
    });
  });

  afterAll(async () => {
    await page?.close();
    await cluster?.stop();
  });

  it("refuses the page and its stream without the token", async () => {
    expect((await fetch(`http://127.0.0.1:${httpPort}/`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${httpPort}/cluster/events`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${httpPort}/?token=wrong`)).status).toBe(401);
    // The right token sets a cookie that opens the page but does not contain the token.
    const login = await fetch(`http://127.0.0.1:${httpPort}/?token=${TOKEN}`, { redirect: "manual" });
    expect(login.status).toBe(303);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    expect(cookie).not.toContain(TOKEN);
    expect((await fetch(`http://127.0.0.1:${httpPort}/cluster/state`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${httpPort}/cluster/state`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it("shows nodes, a drain's progress, and a failover as it happens", async () => {
    const client = cluster.clients[0]!;
    const track = await loadTrack(client, "emulator:page:600000");
    await startPlayers(client, guildIds(6, 730000000000000000n), track);
    page = await openHeadlessPage();
    await page.navigate(`http://127.0.0.1:${httpPort}/?token=${TOKEN}`);
    await waitFor(() => page!.evaluate<number>("document.querySelectorAll('#nodes tr[data-node]').length").then((n) => n === 3), { timeoutMs: 15000, what: "three node rows" });

    await client.drainNode({ nodeId: "node-a", reason: "page test" });
    await waitFor(() => page!.evaluate<string>("document.querySelector('[data-drain=\"node-a\"]')?.textContent ?? ''").then((t) => /done/.test(t)), { timeoutMs: 20000, what: "drain progress done" });
    expect(await page.evaluate<string>("document.querySelector('[data-drain=\"node-a\"] progress').getAttribute('max')")).toMatch(/^\d+$/);

    const before = (await client.listPlayers({ pageSize: 0, pageToken: "" })).players;
    const victim = before.find((p) => p.nodeId !== "node-a")!.nodeId;
    const moving = before.filter((p) => p.nodeId === victim).map((p) => p.player!.guildId);
    await cluster.emulators[cluster.nodeIds.indexOf(victim)]!.stop("SIGKILL");
    const text = await waitFor(async () => {
      const t = await page!.evaluate<string>("document.getElementById('activity').innerText");
      return t.includes(`failover: node ${victim} down`) && moving.every((g) => new RegExp(`guild ${g} moved ${victim} → node-`).test(t)) ? t : undefined;
    }, { timeoutMs: 30000, what: "the failover in the page" });
    expect(text).toContain(`node ${victim} down`);
    await waitFor(() => page!.evaluate<string>(`document.querySelector('#nodes tr[data-node="${victim}"]')?.textContent ?? ''`).then((t) => t.includes("down")), { timeoutMs: 15000, what: "the node row marked down" });
    if (process.env.PYRO_WRITE_SCREENSHOT === "1") writeFileSync(join(REPO_ROOT, "docs/cluster-page.png"), await page.screenshot());
    else expect((await page.screenshot()).subarray(1, 4).toString()).toBe("PNG");
  });
});
