// The import direction of the house, proven from source: layers point down, peers do not import
// each other, nothing ships code that imports test/, the emulator is independent of services/, and
// there is no import cycle anywhere.
import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { EMULATOR_ENTRY } from "../../../services/standalone/src/emulated-lavalink";
import { REPO_ROOT, findCycles, importsOf, listTsFiles, type ImportEdge } from "./import-graph";

type Component = "gen" | "common" | "client" | "lavanode" | "router" | "standalone" | "cli" | "emulator" | "scripts" | "test" | "bench";

// What each component may import besides itself. The order is the layering: gen at the bottom,
// then common (with the protocol module), then the two services and the client, then the binaries.
const ALLOWED: Record<Component, Component[]> = {
  gen: [],
  common: ["gen"],
  client: ["gen", "common"],
  lavanode: ["gen", "common"],
  router: ["gen", "common"],
  standalone: ["gen", "common", "lavanode", "router"],
  cli: ["gen", "common", "client", "lavanode", "router", "standalone"],
  emulator: [],
  scripts: ["gen", "common", "client", "lavanode", "router", "standalone", "cli"],
  test: ["gen", "common", "client", "lavanode", "router", "standalone", "cli", "scripts", "emulator", "test"],
  bench: ["gen", "common", "client", "lavanode", "router", "standalone", "cli", "emulator", "test"],
};

/**
 * The one exception to "services/ never imports test/": standalone mode loads the emulator by a
 * runtime `require` of its entry, so `make run` works with no Lavalink. Only this file, only this target.
 */
const RUNTIME_EXCEPTION: ImportEdge = {
  from: "services/standalone/src/emulated-lavalink.ts",
  to: "test/lavalink-emulator/index.ts",
};

function componentOf(path: string): Component {
  if (path.startsWith("gen/")) return "gen";
  if (path.startsWith("services/common/")) return "common";
  if (path.startsWith("clients/ts/")) return "client";
  if (path.startsWith("services/lavanode/")) return "lavanode";
  if (path.startsWith("services/router/")) return "router";
  if (path.startsWith("services/standalone/")) return "standalone";
  if (path.startsWith("services/cli/")) return "cli";
  if (path.startsWith("scripts/")) return "scripts";
  if (path.startsWith("bench/")) return "bench";
  if (path.startsWith("test/lavalink-emulator/")) {
    // The emulator's own conformance tests are tests; its runtime is the emulator.
    const inner = path.slice("test/lavalink-emulator/".length);
    return inner.endsWith(".test.ts") || inner.startsWith("conformance/") ? "test" : "emulator";
  }
  if (path.startsWith("test/")) return "test";
  throw new Error(`no component for ${path}`);
}

const ROOTS = ["services", "clients/ts", "scripts", "test", "bench"];
const files = ROOTS.flatMap(listTsFiles);
const edges = files.flatMap(importsOf);
// EMULATOR_ENTRY has no extension (index.ts from source, index.js in the compiled build).
const runtimeEntry = `${relative(REPO_ROOT, EMULATOR_ENTRY).split(sep).join("/")}.ts`;

describe("import direction", () => {
  it("reads a non-trivial graph", () => {
    expect(files.length).toBeGreaterThan(200);
    expect(edges.length).toBeGreaterThan(files.length);
  });

  it("has no import from a lower layer to a higher one, nor between peers", () => {
    const violations = edges
      .filter((e) => {
        const from = componentOf(e.from);
        const to = componentOf(e.to);
        return from !== to && !ALLOWED[from].includes(to);
      })
      .map((e) => `${e.from} -> ${e.to}`);
    expect(violations).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(findCycles(edges)).toEqual([]);
  });

  it("allows exactly one runtime path from shipped code into test/: standalone's emulator entry", () => {
    expect(runtimeEntry).toBe(RUNTIME_EXCEPTION.to);
    const emulatorEdges = importsOf(RUNTIME_EXCEPTION.to).filter((e) => componentOf(e.to) !== "emulator");
    expect(emulatorEdges).toEqual([]);
    // Any other string in shipped code that names a test/ path would be a hidden runtime import.
    const shipped = files.filter((f) => !["test", "bench", "scripts"].includes(componentOf(f)) && componentOf(f) !== "emulator");
    const mentions = shipped.filter((f) => /["'`][^"'`\n]*(?:\.\.\/)+test\/[^"'`\n]*["'`]/.test(readFileSync(join(REPO_ROOT, f), "utf8")));
    expect(mentions).toEqual([RUNTIME_EXCEPTION.from]);
  });

  it("flags a lower-to-higher import and a cycle when one exists (the checks can fail)", () => {
    const bad: ImportEdge[] = [
      { from: "services/common/src/a.ts", to: "services/lavanode/src/b.ts" },
      { from: "services/lavanode/src/b.ts", to: "services/common/src/a.ts" },
    ];
    expect(bad.filter((e) => !ALLOWED[componentOf(e.from)].includes(componentOf(e.to)))).toHaveLength(1);
    expect(findCycles(bad)).toEqual([["services/common/src/a.ts", "services/lavanode/src/b.ts"]]);
  });
});
