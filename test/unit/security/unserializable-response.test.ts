// A response that does not encode (the fuzzer's end marker rounded to 2^63) made grpc-js answer
// INTERNAL "Error serializing response" and log nothing: the wrapped serializer logs the cause.
import { createLogger } from "../../../services/common/src/logger";
import { serverDefinition } from "../../../services/common/src/grpc/service-adapter";
import { RouterServiceService } from "../../../gen/ts/pyro/router/v1/router_service";
import { GetPlayerResponse } from "../../../gen/ts/pyro/router/v1/player";

describe("serverDefinition's serializers", () => {
  const lines: string[] = [];
  const def = serverDefinition(RouterServiceService, createLogger({ write: (l) => lines.push(l) }));

  it("log why a response failed to serialize, with the method, and still throw", () => {
    const bad = GetPlayerResponse.fromPartial({ player: { endTimeMs: 2n ** 63n } });
    expect(() => def.getPlayer.responseSerialize(bad)).toThrow(/int64/);
    expect(lines).toHaveLength(1);
    const rec = JSON.parse(lines[0]!) as { level: string; msg: string; method: string; err: { message: string } };
    expect(rec).toMatchObject({ level: "error", msg: "response failed to serialize", method: "/pyro.router.v1.RouterService/GetPlayer" });
    expect(rec.err.message).toMatch(/endTimeMs/);
  });

  it("encode a valid response exactly as the generated serializer does, logging nothing", () => {
    lines.length = 0;
    const ok = GetPlayerResponse.fromPartial({ player: { endTimeMs: 2n ** 53n - 1n, nodeId: "node-a" } });
    expect(def.getPlayer.responseSerialize(ok)).toEqual(RouterServiceService.getPlayer.responseSerialize(ok));
    expect(lines).toHaveLength(0);
  });
});
