/**
 * deploy/ cannot run on the test machine (no Docker, no Kubernetes), so it is validated instead:
 * every YAML file parses; every Kubernetes object validates against its schema
 * (kubernetes-models); every flag, environment variable and config file the files give a Pyro
 * process is accepted by that process's own config parser; and the Dockerfile's build stage runs
 * the commands `make build` runs.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { envName, parseConfig, type OptionSpec } from "../../../services/common/src/config/flags";
import { loadRouterConfig, ROUTER_OPTIONS } from "../../../services/router/src/config";
import { loadLavanodeConfig, LAVANODE_OPTIONS } from "../../../services/lavanode/src/config";
import { DRAIN_OPTIONS } from "../../../services/cli/commands/drain-command";
import { HEALTH_OPTIONS } from "../../../services/cli/commands/health-command";

const ROOT = join(__dirname, "../../..");
const DEPLOY = join(ROOT, "deploy");

type Doc = Record<string, unknown> & { apiVersion?: string; kind?: string };

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
}

function docs(path: string): Doc[] {
  return parseAllDocuments(readFileSync(path, "utf8"), { merge: true }).map((d) => {
    if (d.errors.length > 0) throw new Error(`${path}: ${d.errors[0]!.message}`);
    return d.toJS() as Doc;
  });
}

/** kubernetes-models is an ES module: validation runs in its own node process (test/support/validate-k8s.mjs). */
function validateK8s(objects: Doc[]): Array<string | null> {
  const out = execFileSync(process.execPath, [join(ROOT, "test/support/validate-k8s.mjs")], { cwd: ROOT, input: JSON.stringify(objects), encoding: "utf8" });
  return JSON.parse(out) as Array<string | null>;
}

const K8S_DIR = join(DEPLOY, "kubernetes");
const k8sObjects = (): Doc[] => yamlFiles(K8S_DIR).filter((f) => !f.endsWith("kustomization.yaml")).flatMap(docs);

interface Container { name: string; args?: string[]; command?: string[]; env?: Array<{ name: string; value?: string }>; lifecycle?: { preStop?: { exec?: { command: string[] } } }; volumeMounts?: Array<{ mountPath: string }> }
const containersOf = (o: Doc): Container[] => ((o.spec as { template?: { spec: { containers: Container[] } } }).template?.spec.containers ?? []);

/** The specs a service's environment may name: its own, plus the operator commands run inside its container. */
const SERVICE_SPECS: Record<string, Record<string, OptionSpec>> = {
  router: { ...ROUTER_OPTIONS, ...HEALTH_OPTIONS },
  lavanode: { ...LAVANODE_OPTIONS, ...HEALTH_OPTIONS, ...DRAIN_OPTIONS },
};

function unknownEnv(service: string, names: string[]): string[] {
  const known = new Set(Object.values(SERVICE_SPECS[service]!).map((s) => envName(s.flag)));
  return names.filter((n) => n.startsWith("PYRO_") && !known.has(n));
}

/** A stand-in for each value the files take from a secret or the pod: valid for its option. */
const PLACEHOLDERS: Record<string, string> = {
  PYRO_AUTH_TOKEN: "t", PYRO_CLUSTER_TOKEN: "cluster-token-0123456789", PYRO_LAVALINK_PASSWORD: "p", PYRO_USER_ID: "100000000000000001", PYRO_ROUTER_ID: "router-0", PYRO_TOKEN: "t",
};

describe("deploy/", () => {
  it("parses every YAML file", () => {
    const files = yamlFiles(DEPLOY);
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) expect(docs(f).length).toBeGreaterThan(0);
  });

  it("validates every Kubernetes object against its schema, and kustomize lists every manifest", () => {
    const objects = k8sObjects();
    expect(objects.map((o) => o.kind).sort()).toEqual(["ConfigMap", "Deployment", "Namespace", "PodDisruptionBudget", "Service", "Service", "StatefulSet"]);
    expect(validateK8s(objects)).toEqual(objects.map(() => null));
    const kustomization = docs(join(K8S_DIR, "kustomization.yaml"))[0] as { resources: string[] };
    const manifests = readdirSync(K8S_DIR).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml").sort();
    expect([...kustomization.resources].sort()).toEqual(manifests);
  });

  it("a schema check would catch a broken manifest", () => {
    const router = k8sObjects().find((o) => o.kind === "Deployment")!;
    const broken = JSON.parse(JSON.stringify(router)) as { spec: { replicas: unknown } };
    broken.spec.replicas = "two";
    const unnamedContainer = JSON.parse(JSON.stringify(router)) as { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } };
    delete unnamedContainer.spec.template.spec.containers[0]!.name;
    // (The schemas accept unknown fields, as the API server's pruning does; wrong types and missing required fields fail.)
    const [bad, unnamed] = validateK8s([broken as unknown as Doc, unnamedContainer as unknown as Doc]);
    expect(bad).toMatch(/replicas must be integer/);
    expect(unnamed).toMatch(/containers\/0 must have required property '?name/);
  });

  it("Router probes are gRPC, a PDB covers the Routers, and each Lavanode drains before it stops", () => {
    const objects = k8sObjects();
    const router = containersOf(objects.find((o) => o.kind === "Deployment")!)[0] as Container & { readinessProbe: { grpc?: unknown }; livenessProbe: { grpc?: unknown } };
    expect(router.readinessProbe.grpc).toEqual({ port: 50051 });
    expect(router.livenessProbe.grpc).toEqual({ port: 50051 });
    const pdb = objects.find((o) => o.kind === "PodDisruptionBudget") as { spec: { selector: { matchLabels: Record<string, string> } } } & Doc;
    const deployment = objects.find((o) => o.kind === "Deployment") as { spec: { selector: { matchLabels: Record<string, string> } } } & Doc;
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    const pod = containersOf(objects.find((o) => o.kind === "StatefulSet")!);
    expect(pod.map((c) => c.name)).toEqual(["lavalink", "lavanode"]);
    expect(pod[1]!.lifecycle?.preStop?.exec?.command.join(" ")).toMatch(/main\.js drain "\$PYRO_NODE_ID" .*--wait/);
  });

  it("every flag, environment variable and config file given to a Pyro container is accepted by its parser", () => {
    const objects = k8sObjects();
    const configMap = objects.find((o) => o.kind === "ConfigMap") as { data: Record<string, string> } & Doc;
    const dir = mkdtempSync(join(tmpdir(), "pyro-deploy-"));
    for (const [name, text] of Object.entries(configMap.data)) writeFileSync(join(dir, name), text);
    for (const o of objects.filter((x) => x.kind === "Deployment" || x.kind === "StatefulSet")) {
      for (const c of containersOf(o).filter((x) => x.name !== "lavalink")) {
        const [service, ...argv] = c.args!;
        const env = Object.fromEntries((c.env ?? []).filter((e) => e.name.startsWith("PYRO_")).map((e) => [e.name, PLACEHOLDERS[e.name] ?? (e.value ?? "").replace("$(POD_NAME)", "lavalink-0").replace("$(POD_IP)", "10.0.0.1")]));
        expect(unknownEnv(service!, Object.keys(env))).toEqual([]);
        const args = argv.map((a) => (a.startsWith("/etc/pyro/") ? join(dir, a.slice("/etc/pyro/".length)) : a));
        const config = service === "router" ? loadRouterConfig(args, env) : loadLavanodeConfig(args, env);
        expect(config.metricsPort).toBe(9464);
        const drain = c.lifecycle?.preStop?.exec?.command.join(" ").match(/main\.js drain "\$PYRO_NODE_ID" (.*?) \|\|/)?.[1];
        if (drain) expect(() => parseConfig(DRAIN_OPTIONS, drain.split(" "), {})).not.toThrow();
      }
    }
  });

  it("compose.yaml: Redis with AOF, two Lavalinks with their Lavanodes, two Routers, all accepted by the parsers", () => {
    const compose = docs(join(DEPLOY, "compose.yaml"))[0] as { services: Record<string, { image?: string; command?: string[]; environment?: Record<string, string> }> };
    const s = compose.services;
    expect(s.redis!.command).toEqual(expect.arrayContaining(["--appendonly", "yes"]));
    expect(Object.keys(s).filter((k) => s[k]!.image?.startsWith("ghcr.io/lavalink-devs/lavalink:4"))).toEqual(["lavalink-a", "lavalink-b"]);
    const pyro = Object.entries(s).filter(([, v]) => v.command?.[0] === "router" || v.command?.[0] === "lavanode");
    expect(pyro.map(([k, v]) => `${k}:${v.command![0]}`)).toEqual(["lavanode-a:lavanode", "lavanode-b:lavanode", "router-1:router", "router-2:router"]);
    for (const [, v] of pyro) {
      const service = v.command![0]!;
      const env = Object.fromEntries(Object.entries(v.environment ?? {}).map(([k, val]) => [k, PLACEHOLDERS[k] ?? String(val)]));
      expect(unknownEnv(service, Object.keys(env))).toEqual([]);
      const config = service === "router" ? loadRouterConfig([], env) : loadLavanodeConfig([], env);
      expect(config.redis).toBe("redis://redis:6379");
    }
  });

  it("the Dockerfile is multi-stage and non-root, health-checks through `pyro health`, and builds with make's commands", () => {
    const text = readFileSync(join(DEPLOY, "Dockerfile"), "utf8");
    const lines = text.split("\n").filter((l) => !l.startsWith("#"));
    const stages = lines.filter((l) => l.startsWith("FROM "));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(lines).toContain("USER node");
    expect(text).toMatch(/^HEALTHCHECK .*"dist\/services\/cli\/main\.js", "health"/m);
    expect(() => parseConfig(HEALTH_OPTIONS, ["--timeout-ms", "3000"], {})).not.toThrow();
    const buildStage = text.slice(text.indexOf(stages[0]!), text.indexOf(stages[1]!));
    const runs = buildStage.split("\n").filter((l) => l.startsWith("RUN ")).flatMap((l) => l.slice(4).split("&&").map((c) => c.trim()));
    const make = execFileSync("make", ["-n", "-B", "build"], { cwd: ROOT, encoding: "utf8" }).split("\n").flatMap((l) => l.split("&&").map((c) => c.trim()));
    expect(runs).toEqual(expect.arrayContaining(["node_modules/.bin/buf generate", "node scripts/build.js"]));
    expect(runs.filter((r) => !make.includes(r))).toEqual([]);
    // Every file the build stage copies exists.
    for (const m of buildStage.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) for (const src of m[1]!.split(" ")) expect(existsSync(join(ROOT, src))).toBe(true);
  });
});
