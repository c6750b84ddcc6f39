// One class per failure: whichever module a caller imports an error from, `instanceof` agrees, and
// the status mapping sees the same class (the field trailer, the Lavalink face's 404).
import { status } from "@grpc/grpc-js";
import { InvalidArgumentError } from "../../../services/common/src/errors";
import { toStatus } from "../../../services/common/src/grpc/status-mapping";
import { RETRYABLE_CODES } from "../../../services/common/src/grpc/retryable-codes";
import * as registryErrors from "../../../services/common/src/registry/errors";
import * as routerErrors from "../../../services/router/src/errors";
import * as lavanodeErrors from "../../../services/lavanode/src/errors";
import { RETRYABLE } from "../../../clients/ts/src/errors";

describe("error classes", () => {
  it("are defined once", () => {
    expect(routerErrors.PlayerNotFoundError).toBe(registryErrors.PlayerNotFoundError);
    expect(routerErrors.NodeNotFoundError).toBe(registryErrors.NodeNotFoundError);
    expect(lavanodeErrors.StaleEpochError).toBe(registryErrors.StaleEpochError);
    expect(registryErrors.InvalidArgumentError).toBe(InvalidArgumentError);
  });

  it("a registry InvalidArgumentError carries its field trailer like any other", () => {
    const s = toStatus(new registryErrors.InvalidArgumentError("guildId", "must be a snowflake"));
    expect(s.code).toBe(status.INVALID_ARGUMENT);
    expect(s.metadata.get("pyro-field")).toEqual(["guildId"]);
  });

  it("a stale epoch from the node and from the registry read the same", () => {
    const e = new lavanodeErrors.StaleEpochError("300000000000000001", 3, 4);
    expect(e).toBeInstanceOf(registryErrors.StaleEpochError);
    expect(e).toMatchObject({ code: "STALE_EPOCH", expectedEpoch: 3, actualEpoch: 4 });
    expect(toStatus(e).code).toBe(status.ABORTED);
  });
});

describe("the retry list", () => {
  it("is one set, shared by the client", () => {
    expect(RETRYABLE).toBe(RETRYABLE_CODES);
    expect([...RETRYABLE_CODES].sort()).toEqual([status.ABORTED, status.UNAVAILABLE].sort());
  });
});
