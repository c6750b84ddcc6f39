/** Locates and reads the descriptor set that `make gen` writes with `buf build`. */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Repository root (this file lives in services/common/src/grpc). */
export const REPO_ROOT = resolve(__dirname, "../../../..");

/** Path of the descriptor set. */
export const DESCRIPTOR_SET_PATH = join(REPO_ROOT, "gen", "descriptor.binpb");

/**
 * Reads the descriptor set.
 * @throws Error naming `make gen` when the file is missing.
 */
export function loadDescriptorSet(path = DESCRIPTOR_SET_PATH): Uint8Array {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`make gen\` first`);
  return readFileSync(path);
}
