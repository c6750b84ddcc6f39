#!/usr/bin/python3
"""A strict, reflection-only gRPC client: the grpcurl stand-in used by Pyro's tests.

It learns every type through server reflection (no .proto files), loads the descriptors into a
strict descriptor_pool (which rejects files whose imports are missing, like grpcurl does), and can
list services, describe a symbol, and invoke unary or server-streaming methods with JSON.

usage:
  reflect.py ADDR list
  reflect.py ADDR describe SYMBOL
  reflect.py ADDR call METHOD JSON [--metadata k=v ...] [--max-messages N] [--timeout S]
METHOD is `package.Service/Method`. Output is one JSON document per line on stdout.
Exit code 0 on success; on an RPC error prints {"error": {"code": NAME, "details": ...}} and exits 3.
"""
import json
import os
import sys

sys.path.insert(0, os.environ.get("PYRO_REFLECTION_STUBS", os.path.join(os.path.dirname(__file__), "../../../gen/py-refl")))

import grpc  # noqa: E402
import reflection_pb2  # noqa: E402
import reflection_pb2_grpc  # noqa: E402
from google.protobuf import descriptor_pb2, descriptor_pool, json_format  # noqa: E402
from google.protobuf import message_factory  # noqa: E402


class Reflector:
    def __init__(self, channel, metadata):
        self.stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        self.metadata = metadata
        self.pool = descriptor_pool.DescriptorPool()
        self.files = {}

    def _ask(self, **kw):
        req = reflection_pb2.ServerReflectionRequest(**kw)
        resp = next(iter(self.stub.ServerReflectionInfo(iter([req]), metadata=self.metadata)))
        if resp.HasField("error_response"):
            raise LookupError(resp.error_response.error_message)
        return resp

    def list_services(self):
        return [s.name for s in self._ask(list_services="").list_services_response.service]

    def _add_files(self, resp):
        protos = []
        for raw in resp.file_descriptor_response.file_descriptor_proto:
            fd = descriptor_pb2.FileDescriptorProto.FromString(raw)
            self.files.setdefault(fd.name, fd)
            protos.append(fd)
        # Add in dependency order; a missing import makes the strict pool raise, as grpcurl would fail.
        added = set()

        def add(name):
            if name in added or name not in self.files:
                return
            for dep in self.files[name].dependency:
                if dep not in self.files:
                    self._add_files(self._ask(file_by_filename=dep))
                add(dep)
            try:
                self.pool.FindFileByName(name)
            except KeyError:
                self.pool.Add(self.files[name])
            added.add(name)

        for fd in protos:
            add(fd.name)

    def load_symbol(self, symbol):
        self._add_files(self._ask(file_containing_symbol=symbol))

    def service(self, name):
        self.load_symbol(name)
        return self.pool.FindServiceByName(name)


def describe(ref, symbol):
    try:
        svc = ref.service(symbol)
        return {"service": svc.full_name, "methods": [
            {"name": m.name, "input": m.input_type.full_name, "output": m.output_type.full_name,
             "clientStreaming": m.client_streaming, "serverStreaming": m.server_streaming}
            for m in svc.methods]}
    except KeyError:
        ref.load_symbol(symbol)
        msg = ref.pool.FindMessageTypeByName(symbol)
        return {"message": msg.full_name, "fields": [f.name for f in msg.fields]}


def message_class(pool, desc):
    """GetMessageClass exists from protobuf 4.22; Debian ships 4.21, which has MessageFactory."""
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(desc)
    return message_factory.MessageFactory(pool).GetPrototype(desc)


def call(ref, channel, method, body, metadata, max_messages, timeout):
    svc_name, meth_name = method.split("/")
    m = ref.service(svc_name).methods_by_name[meth_name]
    req_cls = message_class(ref.pool, m.input_type)
    resp_cls = message_class(ref.pool, m.output_type)
    req = json_format.Parse(body, req_cls())
    path = "/%s/%s" % (svc_name, meth_name)
    out = lambda r: print(json.dumps(json_format.MessageToDict(r)), flush=True)  # noqa: E731
    if m.server_streaming:
        rpc = channel.unary_stream(path, request_serializer=req_cls.SerializeToString, response_deserializer=resp_cls.FromString)
        it = rpc(req, metadata=metadata, timeout=timeout)
        for i, r in enumerate(it):
            out(r)
            if i + 1 >= max_messages:
                it.cancel()
                break
    else:
        rpc = channel.unary_unary(path, request_serializer=req_cls.SerializeToString, response_deserializer=resp_cls.FromString)
        out(rpc(req, metadata=metadata, timeout=timeout))


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    addr, cmd, rest = argv[0], argv[1], argv[2:]
    metadata, max_messages, timeout, positional = [], 1, 10.0, []
    i = 0
    while i < len(rest):
        if rest[i] == "--metadata":
            k, v = rest[i + 1].split("=", 1)
            metadata.append((k, v))
            i += 2
        elif rest[i] == "--max-messages":
            max_messages = int(rest[i + 1])
            i += 2
        elif rest[i] == "--timeout":
            timeout = float(rest[i + 1])
            i += 2
        else:
            positional.append(rest[i])
            i += 1
    channel = grpc.insecure_channel(addr)
    ref = Reflector(channel, metadata)
    try:
        if cmd == "list":
            print(json.dumps(ref.list_services()))
        elif cmd == "describe":
            print(json.dumps(describe(ref, positional[0])))
        elif cmd == "call":
            call(ref, channel, positional[0], positional[1] if len(positional) > 1 else "{}", metadata, max_messages, timeout)
        else:
            print("unknown command " + cmd, file=sys.stderr)
            return 2
    except grpc.RpcError as e:
        print(json.dumps({"error": {"code": e.code().name, "details": e.details()}}), flush=True)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
