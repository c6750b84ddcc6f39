// Stream caps per client address and per server (finding 6).
import { StreamLimitError } from "../../../services/common/src/errors";
import { clientAddress, createStreamLimiter } from "../../../services/common/src/grpc/stream-limiter";

describe("createStreamLimiter", () => {
  it("caps streams per client address, any port", () => {
    const l = createStreamLimiter({ perClient: 2, total: 10 });
    const a = l.acquire("10.0.0.5:1000");
    l.acquire("10.0.0.5:1001");
    expect(() => l.acquire("10.0.0.5:1002")).toThrow(StreamLimitError);
    expect(() => l.acquire("10.0.0.5:1002")).toThrow(/--max-streams-per-client/);
    l.acquire("10.0.0.6:1000");
    a();
    a(); // idempotent
    expect(l.open).toBe(2);
    l.acquire("10.0.0.5:1003");
  });

  it("caps streams in total", () => {
    const l = createStreamLimiter({ perClient: 5, total: 2 });
    l.acquire("1.1.1.1:1");
    const r = l.acquire("2.2.2.2:1");
    expect(() => l.acquire("3.3.3.3:1")).toThrow(/--max-streams\)/);
    r();
    l.acquire("3.3.3.3:1");
  });

  it("reads the address of ipv4 and ipv6 peers", () => {
    expect(clientAddress("10.0.0.5:53422")).toBe("10.0.0.5");
    expect(clientAddress("[::1]:53422")).toBe("[::1]");
    expect(clientAddress("unix:/tmp/s")).toBe("unix:/tmp/s");
  });
});
