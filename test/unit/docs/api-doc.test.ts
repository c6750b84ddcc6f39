/** docs/api.md is generated from the proto comments and kept current (scripts/api-doc.ts). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderApiDoc } from "../../../scripts/api-doc";
import { loadDescriptorSet } from "../../../services/common/src/grpc/descriptor-set";

describe("docs/api.md", () => {
  const rendered = renderApiDoc(loadDescriptorSet());

  it("documents every RouterService method with its comment", () => {
    const methods = rendered.split("\n").filter((l) => /^\| `[A-Z]\w+` \| (stream )?\[/.test(l));
    expect(methods.length).toBeGreaterThanOrEqual(31);
    for (const m of methods) expect(m).toMatch(/\| [A-Z][^|]+\. \|$/);
    expect(rendered).toMatch(/\| `Session` \| stream \[SessionRequest\]\(#pyrorouterv1sessionrequest\) \| stream \[SessionResponse\]/);
    expect(rendered).toMatch(/### pyro\.lavalink\.v1\.Track\n/);
    expect(rendered).not.toMatch(/pyro\.lavanode\.v1\./);
  });

  it("is current: run `make gen && node -r @swc-node/register scripts/api-doc.ts > docs/api.md` after changing a proto", () => {
    expect(readFileSync(join(__dirname, "../../../docs/api.md"), "utf8")).toBe(rendered);
  });
});
