import { readdirSync, readFileSync } from "node:fs";

/**
 * Teardown for benchmarks: a stack of async steps run in reverse order exactly once, on success,
 * on error, and on SIGINT/SIGTERM, so no child process outlives its benchmark.
 */

/** A stack of teardown steps. */
export interface Cleanup {
  /** Registers `fn`; steps run last-in, first-out. Returns `fn`'s index (for logs only). */
  add(fn: () => unknown): number;
  /** Runs every registered step once (errors are printed to stderr, never thrown). Idempotent. */
  run(): Promise<void>;
}

const live = new Set<Cleanup>();

/**
 * Pids of this process's direct children that are still alive, from /proc (Linux; empty
 * elsewhere). A helper that throws after spawning (a start timeout) cannot hand its process to
 * the stack, so `run` ends by killing whatever children are left: they are ours by definition.
 */
export function livingChildren(): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const pid of entries) {
    try {
      // Fields after the ")" of the command name: state, ppid, ...
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === process.pid && fields[0] !== "Z") out.push(Number(pid));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}
let handlersInstalled = false;

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping every process this benchmark started\n`);
      void Promise.all([...live].map((c) => c.run())).finally(() => process.exit(130));
    });
  }
}

/**
 * A new teardown stack, also run when the process receives SIGINT or SIGTERM. With `reapChildren`
 * its last step SIGKILLs every child process still alive (see `livingChildren`).
 */
export function createCleanup({ reapChildren = false }: { reapChildren?: boolean } = {}): Cleanup {
  installSignalHandlers();
  const steps: Array<() => unknown> = [];
  let running: Promise<void> | undefined;
  const cleanup: Cleanup = {
    add(fn) {
      steps.push(fn);
      return steps.length - 1;
    },
    run() {
      running ??= (async () => {
        while (steps.length > 0) {
          const fn = steps.pop()!;
          await Promise.resolve().then(fn).catch((err: unknown) => process.stderr.write(`cleanup: ${err instanceof Error ? err.message : String(err)}\n`));
        }
        for (const pid of reapChildren ? livingChildren() : []) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            /* already gone */
          }
        }
        live.delete(cleanup);
      })();
      return running;
    },
  };
  live.add(cleanup);
  return cleanup;
}

/**
 * Runs `main(cleanup)`, then the cleanup, then exits: 0 on success, 1 with the stack on error.
 * Benchmarks call this from their entry point.
 */
export function runBenchmark(main: (cleanup: Cleanup) => Promise<void>): void {
  const cleanup = createCleanup({ reapChildren: true });
  main(cleanup).then(
    async () => {
      await cleanup.run();
      process.exit(0);
    },
    async (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      await cleanup.run();
      process.exit(1);
    },
  );
}
