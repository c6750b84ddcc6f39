/**
 * Headless Debian `chromium` driven over the DevTools protocol (a WebSocket, with the `ws`
 * package): navigate, evaluate an expression in the page, take a screenshot. Started on a fixed
 * port from stable-port with a throw-away profile.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { stablePort } from "./stable-port";
import { waitFor } from "./wait-for";

/** A page in a running headless Chromium. */
export interface HeadlessPage {
  navigate(url: string): Promise<void>;
  /** Evaluates `expression` in the page and returns its (JSON) value. */
  evaluate<T>(expression: string): Promise<T>;
  /** PNG bytes of the viewport. */
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

/** Launches Chromium with one page of `width` x `height`. */
export async function openHeadlessPage(width = 1100, height = 760): Promise<HeadlessPage> {
  const port = await stablePort();
  const profile = mkdtempSync(join(tmpdir(), "pyro-chromium-"));
  const proc: ChildProcess = spawn("chromium", [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
    `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, `--window-size=${width},${height}`, "about:blank",
  ], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const kill = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    await exited;
    rmSync(profile, { recursive: true, force: true });
  };
  let ws: WebSocket;
  try {
    const target = await waitFor(async () => {
      if (proc.exitCode !== null) throw new Error(`chromium exited with ${proc.exitCode}`);
      const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ type: string; webSocketDebuggerUrl: string }>;
      return list.find((t) => t.type === "page");
    }, { timeoutMs: 30000, intervalMs: 100, what: "chromium's DevTools endpoint" });
    ws = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
  } catch (err) {
    await kill();
    throw err;
  }
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  ws.on("message", (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    const p = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (!p) return;
    pending.delete(msg.id!);
    if (msg.error) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> => new Promise<T>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    ws.send(JSON.stringify({ id, method, params }));
  });
  await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });
  return {
    async navigate(url) {
      await send("Page.navigate", { url });
    },
    async evaluate<T>(expression: string) {
      const r = await send<{ result: { value?: T }; exceptionDetails?: { text: string } }>("Runtime.evaluate", { expression, returnByValue: true });
      if (r.exceptionDetails) throw new Error(`page: ${r.exceptionDetails.text}`);
      return r.result.value as T;
    },
    async screenshot() {
      const r = await send<{ data: string }>("Page.captureScreenshot", { format: "png" });
      return Buffer.from(r.data, "base64");
    },
    async close() {
      ws.close();
      await kill();
    },
  };
}
