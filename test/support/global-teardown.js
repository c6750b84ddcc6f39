// Stops the redis-server that global-setup.js started (by its own pid only) and removes its temp dir.
const fs = require("node:fs");

module.exports = async function globalTeardown() {
  const r = globalThis.__PYRO_REDIS__;
  if (!r) return;
  if (r.child.exitCode === null) {
    const exited = new Promise((resolve) => r.child.once("exit", resolve));
    r.child.kill("SIGTERM");
    await exited;
  }
  fs.rmSync(r.dir, { recursive: true, force: true });
};
