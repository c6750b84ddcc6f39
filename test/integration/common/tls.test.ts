/**
 * TLS via --tls-cert/--tls-key: a Router process serves gRPC over TLS with a certificate made for
 * the test; a client trusting it gets answers, a plaintext client does not.
 */
import * as grpc from "@grpc/grpc-js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPyro, type PyroProcess } from "../../support/pyro-process";
import { createPyroClient } from "../../../clients/ts/src";
import { CLUSTER_TOKEN_ARGS } from "../../support/cluster-token";

describe("Router over TLS (process)", () => {
  let dir: string;
  let router: PyroProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pyro-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    router = await startPyro(["router", "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", process.env.PYRO_TEST_REDIS_URL!,
      "--redis-prefix", "tls-test:", ...CLUSTER_TOKEN_ARGS, "--tls-cert", join(dir, "cert.pem"), "--tls-key", join(dir, "key.pem")]);
  });

  afterAll(async () => {
    await router?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers a client that trusts the certificate and refuses plaintext", async () => {
    const secure = createPyroClient(`127.0.0.1:${router.port}`, { credentials: grpc.credentials.createSsl(readFileSync(join(dir, "cert.pem"))) });
    const plain = createPyroClient(`127.0.0.1:${router.port}`, { timeoutMs: 3000 });
    try {
      expect((await secure.listNodes({ states: [] })).nodes).toEqual([]);
      await expect(plain.listNodes({ states: [] })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    } finally {
      secure.close();
      plain.close();
    }
  });
});
