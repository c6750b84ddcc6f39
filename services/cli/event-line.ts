/** One human-readable line per Router event, for `pyro watch` and `pyro drain --wait`. */
import { Event } from "../../gen/ts/pyro/router/v1/event";

const SKIPPED = new Set(["encoded", "pluginInfo", "userData", "payload", "rawJson", "guildId", "memory"]);

/** `{a: 1, b: {c: "x"}}` → `a=1 b.c=x`, at most two levels deep, tracks shown by title. */
function flatten(value: unknown, prefix: string, out: string[], depth: number): void {
  if (value === null || typeof value !== "object") {
    const s = String(value);
    out.push(`${prefix}=${/[\s"=]/.test(s) || s === "" ? JSON.stringify(s) : s}`);
    return;
  }
  const obj = value as Record<string, unknown>;
  const info = obj.info as Record<string, unknown> | undefined;
  if (prefix.endsWith("track") && info && typeof info.title === "string") {
    out.push(`${prefix}=${JSON.stringify(info.title)}`);
    return;
  }
  if (depth >= 2) return;
  for (const [k, v] of Object.entries(obj)) if (!SKIPPED.has(k)) flatten(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
}

/**
 * Formats an event: `<timestamp> <kind> guild=<id> node=<id> <details>`, where details are the
 * event's own fields as key=value (proto JSON names). Node-scoped events have no guild part.
 */
export function formatEventLine(e: Event): string {
  const kind = e.kind?.$case ?? "unknown";
  const json = Event.toJSON(e) as Record<string, unknown>;
  const details: string[] = [];
  flatten(json[kind] ?? {}, "", details, 0);
  const ts = e.timestamp ? e.timestamp.toISOString() : "-";
  const where = [e.guildId ? `guild=${e.guildId}` : "", e.nodeId ? `node=${e.nodeId}` : ""].filter(Boolean);
  return [ts, kind, ...where, ...details.filter((d) => d !== "")].join(" ");
}
