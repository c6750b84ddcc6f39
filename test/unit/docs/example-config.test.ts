/** The example config file beside the README parses with standalone's own parser. */
import { join } from "node:path";
import { loadStandaloneConfig } from "../../../services/standalone/src/config";

describe("pyro.example.yaml", () => {
  it("is a valid standalone config", () => {
    const c = loadStandaloneConfig(["--config", join(__dirname, "../../../pyro.example.yaml")], {});
    expect(c.lavalink.map((s) => [s.name, s.region ?? "default", s.capacity ?? 1000])).toEqual([["eu-1", "eu", 500], ["us-1", "us", 1000]]);
    expect(c).toMatchObject({ userId: "123456789012345678", rebalance: true, metricsPort: 9464, logFormat: "pretty", emulated: false });
  });
});
