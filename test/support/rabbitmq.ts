/**
 * A private RabbitMQ broker for a test file: Debian's `rabbitmq-server` (the unwrapped script, so it
 * runs as the current user) with its own node name, AMQP port, distribution port and epmd port
 * below the ephemeral range, data and logs in a temp dir, no plugins. The default guest/guest user
 * may connect from loopback. `stop()` ends the broker and its epmd (both ours) and removes the dir.
 */
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect as connectTcp } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { stablePort } from "./stable-port";
import { waitFor } from "./wait-for";

const run = promisify(execFile);

/** A running broker. */
export interface RabbitUnderTest {
  port: number;
  /** `amqp://guest:guest@127.0.0.1:<port>/` */
  url: string;
  stop(): Promise<void>;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connectTcp(port, "127.0.0.1", () => { s.destroy(); resolve(true); });
    s.on("error", () => resolve(false));
  });
}

/** Starts the broker; resolves once it accepts AMQP connections. @throws after 90 s (what started is stopped). */
export async function startRabbit(): Promise<RabbitUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), "pyro-test-rabbit-"));
  writeFileSync(join(dir, "enabled_plugins"), "[].\n");
  const [port, distPort, epmdPort] = [await stablePort(), await stablePort(), await stablePort()];
  const env = {
    ...process.env, HOME: dir, ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_NODENAME: `pyro-test-${randomUUID().slice(0, 8)}@localhost`, RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
    RABBITMQ_NODE_PORT: String(port), RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, "mnesia"), RABBITMQ_LOG_BASE: join(dir, "log"), RABBITMQ_PID_FILE: join(dir, "pid"),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, "enabled_plugins"), RABBITMQ_CONFIG_FILE: join(dir, "rabbitmq"),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, "advanced.config"),
  };
  const child = spawn("/usr/lib/rabbitmq/bin/rabbitmq-server", [], { env, stdio: "ignore" });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    // The epmd the broker started listens on our own port: ask exactly that one to exit.
    await run("epmd", ["-port", String(epmdPort), "-kill"], { env }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`rabbitmq-server exited with ${child.exitCode}`);
      return listening(port);
    }, { timeoutMs: 90000, intervalMs: 100, what: "rabbitmq-server to accept connections" });
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, url: `amqp://guest:guest@127.0.0.1:${port}/`, stop };
}
