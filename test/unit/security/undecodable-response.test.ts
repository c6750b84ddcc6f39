// A Lavanode answer nested past the protobuf decoder's limit fails its one command, never the stream
// (finding 3): the Router's decoder turns it into a marker carrying the request id.
import { ConnectResponse } from "../../../gen/ts/pyro/lavanode/v1/lavanode";
import { decodeConnectResponse } from "../../../services/router/src/nodes/lavanode-client";
import { undecodable } from "../../../services/common/src/grpc/tolerant-decode";
import { peekNestedUint64 } from "../../../services/common/src/grpc/peek-field";

function nested(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
}

/** The bytes of a CommandResult whose player's track carries `userData` nested `levels` deep. */
function resultBytes(requestId: bigint, levels: number): Buffer {
  const msg = ConnectResponse.fromPartial({
    epoch: 3n,
    kind: { $case: "commandResult", value: { requestId, result: { $case: "player", value: { guildId: "900000000000000001", track: { encoded: "QAAA", userData: nested(levels) } } } } },
  });
  return Buffer.from(ConnectResponse.encode(msg).finish());
}

describe("decodeConnectResponse", () => {
  it("decodes a normal answer unchanged", () => {
    const msg = decodeConnectResponse(resultBytes(7n, 3));
    expect(undecodable(msg)).toBeUndefined();
    expect(msg.kind?.$case === "commandResult" && msg.kind.value.requestId).toBe(7n);
  });

  it("turns an answer nested past the decoder's limit into a marker with its request id", () => {
    const bytes = resultBytes(42n, 40);
    expect(() => ConnectResponse.decode(bytes)).toThrow(/recursion limit/);
    const bad = undecodable(decodeConnectResponse(bytes));
    expect(bad?.requestId).toBe(42n);
    expect(bad?.reason).toMatch(/recursion limit/);
  });

  it("never throws on random bytes", () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(Array.from({ length: i % 64 }, (_, j) => (i * 31 + j * 17) & 0xff));
      expect(() => decodeConnectResponse(bytes)).not.toThrow();
    }
  });
});

describe("peekNestedUint64", () => {
  it("finds the nested field and gives up on broken bytes", () => {
    expect(peekNestedUint64(resultBytes(99n, 2), 3, 1)).toBe(99n);
    expect(peekNestedUint64(Buffer.from([0xff, 0xff, 0xff]), 3, 1)).toBeUndefined();
    expect(peekNestedUint64(Buffer.alloc(0), 3, 1)).toBeUndefined();
  });
});
