// Starts one real redis-server for the whole jest run on a free loopback port, in a temp dir.
// Test files read its address from process.env.PYRO_TEST_REDIS_URL and use a key prefix per test.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function ping(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    let buf = "";
    sock.setTimeout(500, () => { sock.destroy(); resolve(false); });
    sock.on("error", () => resolve(false));
    sock.on("connect", () => sock.write("PING\r\n"));
    sock.on("data", (d) => {
      buf += d.toString();
      if (buf.includes("\r\n")) { sock.destroy(); resolve(buf.startsWith("+PONG")); }
    });
  });
}

module.exports = async function globalSetup() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyro-test-redis-"));
  const child = spawn("redis-server", [
    "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes",
    "--save", "", "--daemonize", "no", "--logfile", path.join(dir, "redis.log"),
  ], { stdio: "ignore" });
  const spawnError = new Promise((_, reject) => child.once("error", reject));
  const deadline = Date.now() + 10000;
  for (;;) {
    if (await Promise.race([ping(port), spawnError])) break;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within 10 s`);
    await new Promise((r) => setTimeout(r, 25));
  }
  process.env.PYRO_TEST_REDIS_URL = `redis://127.0.0.1:${port}`;
  globalThis.__PYRO_REDIS__ = { child, dir };
};
