import { status } from "@grpc/grpc-js";
import {
  InvalidArgumentError, InvalidArgumentsError, NotImplementedError, PyroError, ServiceUnavailableError, UnauthenticatedError,
  type ErrorKind,
} from "../../../services/common/src/errors";
import { RETRYABLE_CODES, STATUS_BY_KIND, toStatus } from "../../../services/common/src/grpc/status-mapping";
import { createLogger } from "../../../services/common/src/logger";

class TestError extends PyroError {
  readonly code = "TEST";
  constructor(readonly kind: ErrorKind) {
    super(`kind ${kind}`);
  }
}

describe("toStatus", () => {
  it.each(Object.entries(STATUS_BY_KIND))("maps kind %s to its status", (kind, code) => {
    const s = toStatus(new TestError(kind as ErrorKind));
    expect(s.code).toBe(code);
    expect(s.details).toBe(`kind ${kind}`);
    expect(s.metadata.get("pyro-error-code")).toEqual(["TEST"]);
  });

  it("names the field of bad input in the message and a trailer", () => {
    const s = toStatus(new InvalidArgumentError("filters.timescale.speed", "must be > 0"));
    expect(s).toMatchObject({ code: status.INVALID_ARGUMENT, details: "filters.timescale.speed: must be > 0" });
    expect(s.metadata.get("pyro-field")).toEqual(["filters.timescale.speed"]);
    const many = toStatus(new InvalidArgumentsError([new InvalidArgumentError("a", "x"), new InvalidArgumentError("b", "y")]));
    expect(many).toMatchObject({ code: status.INVALID_ARGUMENT, details: "a: x; b: y" });
  });

  it("maps well-known errors", () => {
    expect(toStatus(new UnauthenticatedError()).code).toBe(status.UNAUTHENTICATED);
    expect(toStatus(new ServiceUnavailableError("down")).code).toBe(status.UNAVAILABLE);
    expect(toStatus(new NotImplementedError("/x.Y/Z"))).toMatchObject({ code: status.UNIMPLEMENTED, details: "/x.Y/Z is not implemented" });
  });

  it("hides unexpected errors behind INTERNAL and logs the cause", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });
    const s = toStatus(new TypeError("secret internals at line 3"), logger, "/m");
    expect(s).toMatchObject({ code: status.INTERNAL, details: "internal error" });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", method: "/m", err: { name: "TypeError", message: "secret internals at line 3" } });
  });

  it("retries only ABORTED and UNAVAILABLE", () => {
    expect([...RETRYABLE_CODES].sort()).toEqual([status.ABORTED, status.UNAVAILABLE].sort());
  });
});

describe("logger redaction", () => {
  it("never writes secret fields", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) }).child({ node: "n1" });
    logger.info("connect", { lavalinkPassword: "hunter2", nested: { authorization: "Bearer abc", ok: 1 } });
    expect(lines[0]).not.toContain("hunter2");
    expect(lines[0]).not.toContain("Bearer abc");
    expect(JSON.parse(lines[0]!)).toMatchObject({ node: "n1", nested: { ok: 1, authorization: "[redacted]" } });
  });
});
