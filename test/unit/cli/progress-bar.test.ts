/** `pyro drain --wait`'s terminal progress bar. */
import { formatProgressBar } from "../../../services/cli/progress-bar";

describe("formatProgressBar", () => {
  it("fills in proportion to moved + failed", () => {
    expect(formatProgressBar(0, 0, 4, 8)).toBe("[........] 0/4   0%  0 moved, 0 failed");
    expect(formatProgressBar(1, 1, 4, 8)).toBe("[####....] 2/4  50%  1 moved, 1 failed");
    expect(formatProgressBar(40, 0, 40, 10)).toBe("[##########] 40/40 100%  40 moved, 0 failed");
  });

  it("renders an empty drain as complete and never overflows", () => {
    expect(formatProgressBar(0, 0, 0, 4)).toBe("[####] 0/0 100%  0 moved, 0 failed");
    expect(formatProgressBar(5, 0, 3, 4)).toBe("[####] 5/3 100%  5 moved, 0 failed");
  });
});
