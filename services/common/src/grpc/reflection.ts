/**
 * gRPC server reflection (v1 and v1alpha) that serves the `buf build` descriptor set verbatim.
 * `@grpc/reflection` rebuilds descriptors through protobufjs and loses the import list of protos
 * that use google.protobuf types, which strict clients (grpcurl, python descriptor_pool) reject;
 * serving the compiler's own descriptors avoids that.
 */
import * as grpc from "@grpc/grpc-js";
import { createFileRegistry, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import * as v1 from "../../../../gen/ts/grpc/reflection/v1/reflection";
import * as v1alpha from "../../../../gen/ts/grpc/reflection/v1alpha/reflection";

type Request = v1.ServerReflectionRequest;
type Response = v1.ServerReflectionResponse;

/** Answers reflection requests from a parsed descriptor set. Pure, so it can be unit tested. */
export function createReflectionResponder(descriptorSet: Uint8Array, serviceNames: () => readonly string[]) {
  const set = fromBinary(FileDescriptorSetSchema, descriptorSet);
  const registry = createFileRegistry(set);
  const raw = new Map(set.file.map((f) => [f.name, toBinary(FileDescriptorProtoSchema, f)]));
  const deps = new Map(set.file.map((f) => [f.name, f.dependency]));

  /** The file and, transitively, every file it imports, the requested file first. */
  const closure = (name: string): Buffer[] => {
    const out: Buffer[] = [];
    const seen = new Set<string>();
    const visit = (n: string): void => {
      const bytes = raw.get(n);
      if (seen.has(n) || !bytes) return;
      seen.add(n);
      out.push(Buffer.from(bytes));
      for (const d of deps.get(n) ?? []) visit(d);
    };
    visit(name);
    return out;
  };

  const fileOfSymbol = (symbol: string): string | undefined => {
    const direct = registry.get(symbol);
    if (direct) return direct.file.proto.name;
    const dot = symbol.lastIndexOf(".");
    const service = registry.getService(symbol.slice(0, dot));
    return service?.methods.some((m) => m.name === symbol.slice(dot + 1)) ? service.file.proto.name : undefined;
  };

  const error = (req: Request, code: grpc.status, message: string): Response => ({
    validHost: req.host,
    originalRequest: req,
    messageResponse: { $case: "errorResponse", value: { errorCode: code, errorMessage: message } },
  });

  return (req: Request): Response => {
    const m = req.messageRequest;
    const ok = (messageResponse: Response["messageResponse"]): Response => ({ validHost: req.host, originalRequest: req, messageResponse });
    switch (m?.$case) {
      case "listServices":
        return ok({ $case: "listServicesResponse", value: { service: serviceNames().map((name) => ({ name })) } });
      case "fileByFilename":
      case "fileContainingSymbol": {
        const file = m.$case === "fileByFilename" ? (raw.has(m.value) ? m.value : undefined) : fileOfSymbol(m.value);
        if (!file) return error(req, grpc.status.NOT_FOUND, `${m.value} not found`);
        return ok({ $case: "fileDescriptorResponse", value: { fileDescriptorProto: closure(file) } });
      }
      case "fileContainingExtension":
        return error(req, grpc.status.NOT_FOUND, `no extension ${m.value.extensionNumber} of ${m.value.containingType}`);
      case "allExtensionNumbersOfType":
        if (!registry.getMessage(m.value)) return error(req, grpc.status.NOT_FOUND, `${m.value} not found`);
        return ok({ $case: "allExtensionNumbersResponse", value: { baseTypeName: m.value, extensionNumber: [] } });
      default:
        return error(req, grpc.status.INVALID_ARGUMENT, "empty reflection request");
    }
  };
}

/** Registers reflection v1 and v1alpha on `server`. `serviceNames` is read on every list request. */
export function addReflection(server: grpc.Server, descriptorSet: Uint8Array, serviceNames: () => readonly string[]): void {
  const answer = createReflectionResponder(descriptorSet, serviceNames);
  const handler = (call: grpc.ServerDuplexStream<Request, Response>): void => {
    call.on("data", (req: Request) => call.write(answer(req)));
    call.on("end", () => call.end());
    call.on("error", () => undefined);
  };
  server.addService(v1.ServerReflectionService, { serverReflectionInfo: handler });
  // v1alpha has the same wire shape; only the service path differs.
  server.addService(v1alpha.ServerReflectionService, { serverReflectionInfo: handler as unknown as grpc.handleBidiStreamingCall<v1alpha.ServerReflectionRequest, v1alpha.ServerReflectionResponse> });
}
