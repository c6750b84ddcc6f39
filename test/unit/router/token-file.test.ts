/** --auth-token-file parsing: scopes by bot, every problem reported by path, a token never echoed. */
import { parseTokenFile, tokenHash, TokenFileError } from "../../../services/router/src/auth/token-file";

const SECRET = "s3cret-token-value-0123456789";
const BOT = "100000000000000001";

describe("parseTokenFile", () => {
  it("reads YAML and JSON into scopes keyed by the token's digest", () => {
    const y = parseTokenFile(`tokens:\n  - name: one\n    token: "${SECRET}"\n    bots: ["${BOT}"]\n  - token: "${SECRET}-all"\n    bots: "*"\n`);
    expect(y.byHash.get(tokenHash(SECRET))).toEqual({ name: "one", bots: new Set([BOT]) });
    expect(y.byHash.get(tokenHash(`${SECRET}-all`))).toEqual({ name: "#1", bots: "all" });
    const j = parseTokenFile(JSON.stringify({ tokens: [{ token: SECRET, bots: [BOT] }] }));
    expect([...j.byHash.keys()]).toEqual([tokenHash(SECRET)]);
  });

  it("reports every problem by path and never echoes a token", () => {
    const text = `tokens:\n  - token: "${SECRET}"\n    bots: ["12", 5]\n  - token: "${SECRET}"\n    bots: []\n    extra: 1\n  - token: "short"\n    bots: "*"\n`;
    let err: unknown;
    try { parseTokenFile(text); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(TokenFileError);
    const problems = (err as TokenFileError).problems;
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^tokens\[0\]\.bots\[0\]: /), expect.stringMatching(/^tokens\[0\]\.bots\[1\]: /),
      expect.stringMatching(/^tokens\[1\]\.token: repeats/), expect.stringMatching(/^tokens\[1\]\.bots: /), expect.stringMatching(/^tokens\[1\]\.extra: unknown/),
      expect.stringMatching(/^tokens\[2\]\.token: must be/),
    ]));
    expect((err as Error).message).not.toContain(SECRET);
    expect((err as Error).message).not.toContain("short");
  });

  it("refuses a file that is not YAML without quoting it", () => {
    expect(() => parseTokenFile(`tokens: [{token: "${SECRET}"`)).toThrow(TokenFileError);
    try { parseTokenFile(`tokens: [{token: "${SECRET}"`); } catch (e) { expect((e as Error).message).not.toContain(SECRET); }
    expect(() => parseTokenFile("tokens: []")).toThrow(/non-empty list/);
  });
});
