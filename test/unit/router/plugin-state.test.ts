// Which plugin calls are recorded for replay after a move, and how the record evolves.
import { DEFAULT_PLUGIN_STATE_ROUTES, recordPluginCall } from "../../../services/router/src/plugins/plugin-state";
import { loadRouterConfig } from "../../../services/router/src/config";
import { ConfigError } from "../../../services/common/src/config/flags";
import { CLUSTER_TOKEN_ARGS } from "../../support/cluster-token";

const call = (method: string, path: string, body?: string) => ({ method, path, query: "", contentType: body ? "application/json" : "", ...(body ? { body } : {}) });

describe("recordPluginCall", () => {
  const routes = DEFAULT_PLUGIN_STATE_ROUTES;

  it("records SponsorBlock categories and the lyrics subscription by default", () => {
    let rec = recordPluginCall(undefined, call("PUT", "/sponsorblock/categories", '["sponsor"]'), routes);
    expect(rec).toEqual([call("PUT", "/sponsorblock/categories", '["sponsor"]')]);
    rec = recordPluginCall(rec, call("POST", "/lyrics/subscribe"), routes);
    rec = recordPluginCall(rec, call("PUT", "/sponsorblock/categories", '["intro"]'), routes);
    expect(rec!.map((c) => [c.method, c.path, c.body])).toEqual([["POST", "/lyrics/subscribe", undefined], ["PUT", "/sponsorblock/categories", '["intro"]']]);
  });

  it("a DELETE drops the path's record; other paths and reads are not recorded", () => {
    const rec = [call("PUT", "/sponsorblock/categories", "[]"), call("POST", "/lyrics/subscribe")];
    expect(recordPluginCall(rec, call("DELETE", "/lyrics/subscribe"), routes)).toEqual([rec[0]]);
    expect(recordPluginCall(rec, call("GET", "/sponsorblock/categories"), routes)).toBeUndefined();
    expect(recordPluginCall(rec, call("PUT", "/track/lyrics"), routes)).toBeUndefined();
  });

  it("uses the configured routes, and the config refuses paths that are not player plugin paths", () => {
    const config = loadRouterConfig(["--redis", "redis://127.0.0.1:6379", ...CLUSTER_TOKEN_ARGS, "--plugin-state-route", "/custom/state"], {});
    expect(config.pluginStateRoute).toEqual(["/custom/state"]);
    expect(recordPluginCall(undefined, call("PUT", "/custom/state", "1"), config.pluginStateRoute)).toHaveLength(1);
    expect(loadRouterConfig(["--redis", "redis://127.0.0.1:6379", ...CLUSTER_TOKEN_ARGS], {}).pluginStateRoute).toEqual([...DEFAULT_PLUGIN_STATE_ROUTES]);
    expect(() => loadRouterConfig(["--redis", "redis://127.0.0.1:6379", ...CLUSTER_TOKEN_ARGS, "--plugin-state-route", "no-slash"], {})).toThrow(ConfigError);
  });
});
