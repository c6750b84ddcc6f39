/**
 * Reads the project's import graph from source: every relative `import`, `export … from`, `import()`
 * and `require()` of every TypeScript file under the given roots, resolved to a repository path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ts from "typescript";

/** The repository root (this file lives in test/unit/architecture/). */
export const REPO_ROOT = join(__dirname, "../../..");

/** One import: the importing file, the imported file, both repository-relative with `/` separators. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** Lists every `.ts` file under `dir` (repository-relative), skipping node_modules and generated output. */
export function listTsFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs)) {
      if (name === "node_modules" || name === "gen") continue;
      const child = join(abs, name);
      if (statSync(child).isDirectory()) walk(child);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(toRepoPath(child));
    }
  };
  if (existsSync(join(REPO_ROOT, dir))) walk(join(REPO_ROOT, dir));
  return out.sort();
}

function toRepoPath(abs: string): string {
  return relative(REPO_ROOT, abs).split(sep).join("/");
}

/** Resolves a relative specifier like Node + TypeScript do (`x.ts`, `x/index.ts`, `x.js`); undefined if absent. */
function resolveRelative(fromFile: string, spec: string): string | undefined {
  const base = join(REPO_ROOT, dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts"), `${base}.js`, join(base, "index.js")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return toRepoPath(candidate);
  }
  return undefined;
}

/**
 * The relative imports of `file`. Bare specifiers (npm packages, `node:` modules) are not edges.
 * A specifier that resolves to nothing is returned with `to` = the unresolved repository path, so a
 * broken path is still checked against the layer rules.
 */
export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(REPO_ROOT, file), "utf8");
  const info = ts.preProcessFile(text, true, true);
  const edges: ImportEdge[] = [];
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith(".")) continue;
    const to = resolveRelative(file, ref.fileName) ?? toRepoPath(join(REPO_ROOT, dirname(file), ref.fileName));
    edges.push({ from: file, to });
  }
  return edges;
}

/** Every strongly connected component with more than one file (or a file importing itself). */
export function findCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from) ?? [];
    list.push(e.to);
    next.set(e.from, list);
  }
  // Tarjan's algorithm, iterative so a deep chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const root of next.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const succ = next.get(top.node) ?? [];
      if (top.i < succ.length) {
        const w = succ[top.i++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        const selfLoop = (next.get(top.node) ?? []).includes(top.node);
        if (component.length > 1 || selfLoop) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}
