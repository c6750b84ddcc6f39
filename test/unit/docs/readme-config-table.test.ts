/** The README's configuration tables match the option specs (regenerate with scripts/config-table.ts --write). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { replaceConfigTables } from "../../../scripts/config-table";

describe("README configuration tables", () => {
  it("are current: run `node -r @swc-node/register scripts/config-table.ts --write` after changing an option", () => {
    const readme = readFileSync(join(__dirname, "../../../README.md"), "utf8");
    expect(replaceConfigTables(readme)).toBe(readme);
  });
});
