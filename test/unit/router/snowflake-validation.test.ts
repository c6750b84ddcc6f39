/** Guild ids are checked against Discord's (and Lavalink's) signed 64-bit range before anything is written. */
import { InvalidArgumentError } from "../../../services/common/src/errors";
import { assertGuildId, MAX_SNOWFLAKE } from "../../../services/router/src/rpc/validate";

describe("assertGuildId", () => {
  it("accepts the largest signed 64-bit id", () => {
    expect(() => assertGuildId(String(MAX_SNOWFLAKE))).not.toThrow();
    expect(() => assertGuildId("123456789012345678")).not.toThrow();
  });

  it("refuses an id that matches the digit pattern but exceeds 2^63-1 (a ghost player Lavalink would refuse)", () => {
    for (const id of [String(MAX_SNOWFLAKE + 1n), "18446744073709551615", "99999999999999999999"]) {
      let err: unknown;
      try {
        assertGuildId(id);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).field).toBe("guild_id");
      expect((err as Error).message).toContain("2^63-1");
    }
  });
});
