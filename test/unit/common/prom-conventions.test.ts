/** The convention checker itself: it must reject each kind of bad name, or the e2e scrape proves nothing. */
import { conventionProblems } from "../../support/prom-conventions";

describe("Prometheus convention checker", () => {
  it("accepts conventional families", () => {
    expect(conventionProblems([
      "# TYPE pyro_rpc_server_duration_seconds histogram", 'pyro_rpc_server_duration_seconds_bucket{le="0.1"} 1',
      "# TYPE pyro_placements_total counter", 'pyro_placements_total{node="a",reason="new"} 1',
      "# TYPE pyro_node_state gauge", 'pyro_node_state{node="a",state="up"} 1',
      "# TYPE process_cpu_seconds_total counter", "process_cpu_seconds_total 1",
    ].join("\n"))).toEqual([]);
  });

  it("rejects the names the old exporter produced", () => {
    expect(conventionProblems([
      "# TYPE rpc_server_duration_ms histogram", "rpc_server_duration_ms_count 1",
      "# TYPE rpc_server_duration_ms histogram", "rpc_server_duration_ms_count 1",
      "# TYPE pyro_http_server_request_duration histogram", "pyro_http_server_request_duration_count 1",
      "# TYPE pyro_node_players gauge", 'pyro_node_players{node="a",state="up"} 1',
      "# TYPE pyro_moves counter", "pyro_moves 1",
    ].join("\n"))).toEqual([
      "rpc_server_duration_ms: declared more than once",
      "rpc_server_duration_ms: needs the pyro_ prefix",
      "rpc_server_duration_ms: use base units (_seconds, _bytes, _ratio)",
      "rpc_server_duration_ms: a duration histogram must end in _seconds",
      "pyro_http_server_request_duration: a duration histogram must end in _seconds",
      "pyro_node_players: a changing state must not be a label",
      "pyro_moves: a counter must end in _total",
    ]);
  });
});
