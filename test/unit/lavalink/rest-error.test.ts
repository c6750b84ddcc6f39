import { parseRestError } from "../../../services/lavanode/src/lavalink";
import { LavalinkRestError } from "../../../services/common/src/lavalink-protocol";
import * as F from "./fixtures";

const endpoint = "/v4/sessions/xtaug914v9k5032f/players/817327181659111454";

describe("parseRestError", () => {
  test("Lavalink JSON error body", () => {
    const err = parseRestError({ method: "GET", endpoint, status: 404, text: F.ERROR_BODY });
    expect(err).toBeInstanceOf(LavalinkRestError);
    expect(err).toMatchObject({
      code: "LAVALINK_REST_ERROR", method: "GET", endpoint, status: 404, error: "Not Found",
      serverMessage: "Session not found", path: endpoint, trace: "...", timestamp: 1667857581613,
    });
    expect(err.message).toBe(`Lavalink GET ${endpoint} failed with 404 Not Found: Session not found`);
  });

  test("empty body of a 401/403 falls back to the reason phrase", () => {
    const e401 = parseRestError({ method: "GET", endpoint: "/v4/info", status: 401, text: "" });
    expect(e401).toMatchObject({ status: 401, error: "Unauthorized", serverMessage: "", path: "/v4/info" });
    expect(e401.trace).toBeUndefined();
    const e403 = parseRestError({ method: "GET", endpoint: "/v4/info", status: 403, statusText: "Forbidden", text: "" });
    expect(e403.message).toBe("Lavalink GET /v4/info failed with 403 Forbidden");
  });

  test("non-JSON body (proxy HTML) and partial JSON body", () => {
    expect(parseRestError({ method: "POST", endpoint: "/v4/decodetracks", status: 502, text: "<html>bad gateway</html>" }))
      .toMatchObject({ status: 502, error: "Bad Gateway", serverMessage: "" });
    expect(parseRestError({ method: "PATCH", endpoint, status: 400, text: `{"error":"Bad Request","message":"End time must be greater than 0"}` }))
      .toMatchObject({ error: "Bad Request", serverMessage: "End time must be greater than 0", path: endpoint });
  });

  test("unknown status without a reason phrase", () => {
    expect(parseRestError({ method: "GET", endpoint: "/x", status: 599, text: "" }).error).toBe("Error");
  });
});
