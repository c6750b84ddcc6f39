import { ROUTER_SILENCE_MS, RouterStreams } from "../../../services/lavanode/src/rpc/router-streams";

describe("RouterStreams (who still hears the node)", () => {
  let t = 0;
  const streams = (): RouterStreams => new RouterStreams(() => t);
  beforeEach(() => { t = 1000; });

  it("no stream: nobody listens", () => {
    expect(streams().anyListening()).toBe(false);
  });

  it("a stream that sends heartbeats listens until it is silent for longer than ROUTER_SILENCE_MS", () => {
    const s = streams();
    const h = s.open();
    h.heard({ heartbeat: true });
    t += ROUTER_SILENCE_MS;
    expect(s.anyListening()).toBe(true);
    t += 1;
    expect(s.anyListening()).toBe(false);
    h.heard();
    expect(s.anyListening()).toBe(true);
  });

  it("an open stream of a Router that never sent a heartbeat (older Router) counts as listening while open", () => {
    const s = streams();
    const h = s.open();
    t += 60_000;
    expect(s.anyListening()).toBe(true);
    h.close();
    expect(s.anyListening()).toBe(false);
    expect(s.openCount).toBe(0);
  });

  it("one listening stream is enough; a closed one no longer counts", () => {
    const s = streams();
    const silent = s.open();
    silent.heard({ heartbeat: true });
    const alive = s.open();
    alive.heard({ heartbeat: true });
    t += ROUTER_SILENCE_MS + 500;
    alive.heard({ heartbeat: true });
    expect(s.anyListening()).toBe(true);
    alive.close();
    expect(s.anyListening()).toBe(false);
    expect(s.openCount).toBe(1);
  });
});
