/**
 * The cluster page's HTML: one static document with inline style and script (no build step, no
 * external resources), rendering the Router's `/cluster/events` stream. Untrusted strings (node
 * ids, guild ids) are inserted as text, never as HTML.
 */

/** The page served at `/`. */
export const CLUSTER_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pyro cluster</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d1f23; background: #f6f7f9; }
  h1 { font-size: 1.3rem; margin: 0 0 .2rem; } h2 { font-size: 1rem; margin: 1.4rem 0 .5rem; }
  #status { color: #666; font-size: .85rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e3e5e8; }
  th { font-weight: 600; color: #555; font-size: .8rem; text-transform: uppercase; }
  .state { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .8rem; color: #fff; }
  .state-up { background: #2f9e44; } .state-cordoned { background: #e8590c; } .state-draining { background: #1971c2; } .state-down { background: #c92a2a; }
  .unreachable { opacity: .55; }
  .bar { position: relative; height: .7rem; width: 10rem; background: #e3e5e8; border-radius: .35rem; overflow: hidden; display: inline-block; vertical-align: middle; }
  .bar > span { position: absolute; inset: 0 auto 0 0; background: #4c6ef5; }
  progress { width: 16rem; vertical-align: middle; }
  #activity { list-style: none; padding: 0; margin: 0; background: #fff; max-height: 22rem; overflow: auto; }
  #activity li { padding: .3rem .6rem; border-bottom: 1px solid #eef0f2; }
  #activity .nodeDown { color: #c92a2a; font-weight: 600; } #activity .nodeUp { color: #2f9e44; }
  time { color: #888; font-variant-numeric: tabular-nums; margin-right: .5rem; }
</style>
</head>
<body>
<h1>Pyro cluster</h1>
<div id="status">connecting…</div>
<h2>Nodes</h2>
<table><thead><tr><th>node</th><th>state</th><th>region</th><th>players</th><th>playing</th><th>load</th><th>Lavalink CPU</th></tr></thead><tbody id="nodes"></tbody></table>
<h2>Drains</h2>
<div id="drains"><em>none</em></div>
<h2>Moves and failovers</h2>
<ul id="activity"></ul>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const el = (tag, attrs, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
};
const clock = (ms) => new Date(ms).toLocaleTimeString();
function activityItem(a) {
  const text = a.kind === "move" ? "guild " + a.guildId + " moved " + (a.from || "(none)") + " → " + a.to + " (" + a.reason + ")"
    : a.kind === "nodeDown" ? "failover: node " + a.nodeId + " down (" + a.reason + "), " + a.orphaned + " players to move"
    : "node " + a.nodeId + " up";
  return el("li", { class: a.kind, "data-kind": a.kind }, el("time", {}, clock(a.at)), text);
}
function renderNodes(nodes) {
  $("nodes").replaceChildren(...nodes.map((n) => {
    const load = n.capacity > 0 ? Math.min(1, n.players / n.capacity) : 0;
    const bar = el("span", { class: "bar", title: n.players + " / " + n.capacity }, el("span", { style: "width:" + (load * 100).toFixed(1) + "%" }));
    return el("tr", { "data-node": n.id, class: n.up ? "" : "unreachable" },
      el("td", {}, n.id), el("td", {}, el("span", { class: "state state-" + n.state }, n.up || n.state === "down" ? n.state : n.state + " (unreachable)")),
      el("td", {}, n.region), el("td", {}, n.players), el("td", {}, n.playing), el("td", {}, bar, " " + n.players + "/" + n.capacity),
      el("td", {}, n.cpu === null ? "–" : (n.cpu * 100).toFixed(1) + "%"));
  }));
}
const drains = new Map();
function renderDrains() {
  if (drains.size === 0) return;
  $("drains").replaceChildren(...[...drains.values()].map((d) => el("div", { "data-drain": d.nodeId },
    "drain " + d.nodeId + " ", el("progress", { max: String(Math.max(1, d.total)), value: String(d.moved + d.failed) }),
    " " + d.moved + " moved, " + d.failed + " failed of " + d.total + (d.done ? " — done" : ""))));
}
let seen = new Set();
function addActivity(a, prepend) {
  const key = a.kind + a.at + (a.guildId || a.nodeId);
  if (seen.has(key)) return;
  seen.add(key);
  const li = activityItem(a);
  if (prepend) $("activity").prepend(li); else $("activity").append(li);
  while ($("activity").children.length > 100) $("activity").lastChild.remove();
}
const source = new EventSource("/cluster/events");
source.addEventListener("open", () => { $("status").textContent = "live"; });
source.addEventListener("error", () => { $("status").textContent = "reconnecting…"; });
source.addEventListener("snapshot", (m) => {
  const s = JSON.parse(m.data);
  renderNodes(s.nodes);
  for (const d of s.drains) drains.set(d.nodeId, d);
  renderDrains();
  for (const a of s.activity.slice().reverse()) addActivity(a, true);
  $("status").textContent = "live · updated " + clock(s.at);
});
source.addEventListener("activity", (m) => addActivity(JSON.parse(m.data), true));
source.addEventListener("drain", (m) => { const d = JSON.parse(m.data); drains.set(d.nodeId, d); renderDrains(); });
</script>
</body>
</html>
`;
