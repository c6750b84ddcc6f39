/** The pending-placement window: counts within the window, forgets expired placements, takes back the latest. */
import { PendingWindow } from "../../../services/router/src/nodes/pending-window";

describe("PendingWindow", () => {
  test("counts placements per node within the window and forgets older ones", () => {
    let now = 1000;
    const w = new PendingWindow(100, () => now);
    w.add("a");
    w.add("a");
    w.add("b");
    expect([w.count("a"), w.count("b"), w.count("c")]).toEqual([2, 1, 0]);
    now = 1050;
    w.add("a");
    now = 1100; // the first two are exactly one window old: expired
    expect(w.count("a")).toBe(1);
    expect(w.count("b")).toBe(0);
  });

  test("removeLatest takes back the newest live placement only", () => {
    let now = 0;
    const w = new PendingWindow(10, () => now);
    w.add("a");
    now = 20;
    w.removeLatest("a"); // the only one expired already? it is still stored until counted
    expect(w.count("a")).toBe(0);
    w.add("a");
    w.add("a");
    w.removeLatest("a");
    expect(w.count("a")).toBe(1);
    w.removeLatest("a");
    w.removeLatest("a");
    expect(w.count("a")).toBe(0);
  });

  test("a long burst keeps counting right across compaction", () => {
    let now = 0;
    const w = new PendingWindow(1000, () => now);
    for (let i = 0; i < 5000; i++) {
      now = i;
      w.add("a");
      if (i % 7 === 0) expect(w.count("a")).toBe(Math.min(i + 1, 1000));
    }
  });
});
