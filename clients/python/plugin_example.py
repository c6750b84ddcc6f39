#!/usr/bin/python3
"""Pyro from Python: call a Lavalink plugin's REST route through the Router (CallPlugin).

With --guild the path is relative to that guild's player and the call goes to the node that owns
it (e.g. SponsorBlock categories); without it the path is relative to /v4 and the call goes to a
node whose plugins own the route (e.g. LavaLyrics' /lyrics). Stubs come from `make python-gen` (or
`make gen`); run with Debian's python3-grpcio:

  /usr/bin/python3 clients/python/plugin_example.py --address 127.0.0.1:50051 \\
      --guild 123456789012345678 PUT /sponsorblock/categories --body '["sponsor"]'
  /usr/bin/python3 clients/python/plugin_example.py GET "/lyrics?track=QAAA..."

Output: `HTTP <status> from <node>`, then the body. Exit code 0 for a 2xx answer, 1 for a plugin
error or a refused call (the gRPC status and details are printed on stderr).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))

import grpc  # noqa: E402
from pyro.router.v1 import plugin_pb2, router_service_pb2_grpc  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("method", help="GET, POST, PUT, PATCH or DELETE")
    p.add_argument("path", help="path (with query) relative to /v4, or to the player with --guild")
    p.add_argument("--address", default="127.0.0.1:50051", help="host:port of a Router")
    p.add_argument("--token", help="bearer token, when the Router runs with --auth-token")
    p.add_argument("--guild", default="", help="guild snowflake: makes the call player-scoped")
    p.add_argument("--body", default="", help="request body as JSON text")
    p.add_argument("--timeout", type=float, default=15.0, help="seconds before giving up")
    return p.parse_args()


def run(args):
    metadata = [("authorization", "Bearer " + args.token)] if args.token else []
    request = plugin_pb2.CallPluginRequest(method=args.method, path=args.path, guild_id=args.guild, body_json=args.body)
    with grpc.insecure_channel(args.address) as channel:
        stub = router_service_pb2_grpc.RouterServiceStub(channel)
        try:
            response = stub.CallPlugin(request, metadata=metadata, timeout=args.timeout)
        except grpc.RpcError as err:
            print("CallPlugin failed: %s %s" % (err.code().name, err.details()), file=sys.stderr)
            return 1
    print("HTTP %d from %s" % (response.http_status, response.node_id))
    if response.body:
        print(response.body)
    return 0 if 200 <= response.http_status < 300 else 1


if __name__ == "__main__":
    sys.exit(run(parse_args()))
