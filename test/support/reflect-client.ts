/**
 * Runs the strict Python reflection client (test/support/py/reflect.py, Debian python3-grpcio):
 * the grpcurl stand-in. It knows nothing of Pyro's protos; everything comes through reflection.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";

const SCRIPT = join(__dirname, "py/reflect.py");

/** Result of one invocation: parsed JSON lines of stdout, and the exit code. */
export interface ReflectResult {
  code: number;
  out: unknown[];
  stderr: string;
}

/** `reflect.py <address> ...args`. */
export function reflect(address: string, args: string[], timeoutMs = 30000): Promise<ReflectResult> {
  return new Promise((resolve, reject) => {
    execFile("/usr/bin/python3", [SCRIPT, address, ...args], { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      if (code === -1) return reject(new Error(`reflect.py failed: ${String(err)} ${stderr}`));
      try {
        resolve({ code, out: stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as unknown), stderr });
      } catch (e) {
        reject(new Error(`reflect.py printed non-JSON: ${stdout} ${stderr} (${String(e)})`));
      }
    });
  });
}
