import { delay } from "../../../services/common/src/abort";

describe("delay", () => {
  test("resolves after the delay", async () => {
    await expect(delay(1)).resolves.toBeUndefined();
  });

  test("rejects with the abort reason, before or during the wait", async () => {
    const reason = new Error("stop");
    await expect(delay(10, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const ac = new AbortController();
    const p = delay(60000, { signal: ac.signal });
    ac.abort(reason);
    await expect(p).rejects.toBe(reason);
  });

  test("a non-Error reason becomes an AbortError", async () => {
    await expect(delay(10, { signal: AbortSignal.abort("bye") })).rejects.toMatchObject({ name: "AbortError", message: "bye" });
  });
});
