/**
 * Writes docs/api.md from the protos' comments: reads gen/descriptor.binpb (`make gen`), which
 * `buf build` writes with source info, and renders every service, message and enum of the pyro.*
 * packages. Usage: `node -r @swc-node/register scripts/api-doc.ts > docs/api.md`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fromBinary, isFieldSet } from "@bufbuild/protobuf";
import {
  FileDescriptorSetSchema, FieldDescriptorProtoSchema, FieldDescriptorProto_Label as Label, FieldDescriptorProto_Type as Type,
  type DescriptorProto, type EnumDescriptorProto, type FieldDescriptorProto, type FileDescriptorProto,
} from "@bufbuild/protobuf/wkt";

const ROOT = join(__dirname, "..");
// Field numbers of FileDescriptorProto / DescriptorProto / ServiceDescriptorProto used in source paths.
const FILE_MESSAGE = 4, FILE_ENUM = 5, FILE_SERVICE = 6, MSG_FIELD = 2, MSG_NESTED = 3, MSG_ENUM = 4, ENUM_VALUE = 2, SERVICE_METHOD = 2;

/** Leading comment of the element at `path`, joined into one paragraph per blank line. */
function commentsOf(file: FileDescriptorProto): (path: number[]) => string {
  const byPath = new Map<string, string>();
  for (const loc of file.sourceCodeInfo?.location ?? []) {
    if (loc.leadingComments) byPath.set(loc.path.join("."), loc.leadingComments);
  }
  return (path) => (byPath.get(path.join(".")) ?? "").split("\n").map((l) => l.trim()).join("\n").trim().replace(/([^\n])\n(?!\n)/g, "$1 ");
}

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n+/g, " ");
const anchor = (fullName: string): string => fullName.replace(/\./g, "").toLowerCase();

function typeName(f: FieldDescriptorProto): string {
  if (f.typeName) {
    const name = f.typeName.replace(/^\./, "");
    return name.startsWith("pyro.") ? `[${name}](#${anchor(name)})` : name;
  }
  return Type[f.type].toLowerCase();
}

function renderEnum(e: EnumDescriptorProto, fullName: string, path: number[], comment: (p: number[]) => string, out: string[]): void {
  out.push(`### ${fullName}`, "", comment(path) || "(enum)", "", "| value | number | meaning |", "| --- | --- | --- |");
  e.value.forEach((v, i) => out.push(`| \`${v.name}\` | ${v.number} | ${cell(comment([...path, ENUM_VALUE, i]))} |`));
  out.push("");
}

function renderMessage(m: DescriptorProto, fullName: string, path: number[], comment: (p: number[]) => string, out: string[]): void {
  out.push(`### ${fullName}`, "", comment(path) || "(message)", "");
  if (m.field.length > 0) {
    out.push("| field | type | meaning |", "| --- | --- | --- |");
    m.field.forEach((f, i) => {
      const repeated = f.label === Label.REPEATED ? "repeated " : "";
      const optional = f.proto3Optional ? "optional " : "";
      const oneof = isFieldSet(f, FieldDescriptorProtoSchema.field.oneofIndex) && !f.proto3Optional ? ` (oneof \`${m.oneofDecl[f.oneofIndex]?.name}\`)` : "";
      out.push(`| \`${f.name}\` | ${repeated}${optional}${typeName(f)}${oneof} | ${cell(comment([...path, MSG_FIELD, i]))} |`);
    });
    out.push("");
  }
  m.nestedType.forEach((n, i) => { if (!n.options?.mapEntry) renderMessage(n, `${fullName}.${n.name}`, [...path, MSG_NESTED, i], comment, out); });
  m.enumType.forEach((e, i) => renderEnum(e, `${fullName}.${e.name}`, [...path, MSG_ENUM, i], comment, out));
}

function renderFile(file: FileDescriptorProto, out: string[]): void {
  const comment = commentsOf(file);
  const pkg = file.package;
  out.push(`## ${file.name}`, "");
  file.service.forEach((s, si) => {
    out.push(`### ${pkg}.${s.name}`, "", comment([FILE_SERVICE, si]), "", "| method | request | response | meaning |", "| --- | --- | --- | --- |");
    s.method.forEach((m, mi) => {
      const ref = (t: string, streaming: boolean): string => `${streaming ? "stream " : ""}[${t.replace(/^\.pyro\.[a-z]+\.v1\./, "")}](#${anchor(t.replace(/^\./, ""))})`;
      out.push(`| \`${m.name}\` | ${ref(m.inputType, m.clientStreaming === true)} | ${ref(m.outputType, m.serverStreaming === true)} | ${cell(comment([FILE_SERVICE, si, SERVICE_METHOD, mi]))} |`);
    });
    out.push("");
  });
  file.messageType.forEach((m, i) => renderMessage(m, `${pkg}.${m.name}`, [FILE_MESSAGE, i], comment, out));
  file.enumType.forEach((e, i) => renderEnum(e, `${pkg}.${e.name}`, [FILE_ENUM, i], comment, out));
}

/** Renders the public API (pyro.router.v1 and pyro.lavalink.v1) as Markdown. */
export function renderApiDoc(descriptorSet: Uint8Array): string {
  const set = fromBinary(FileDescriptorSetSchema, descriptorSet);
  const files = set.file.filter((f) => /^pyro\/(router|lavalink)\//.test(f.name)).sort((a, b) => {
    const rank = (f: FileDescriptorProto): string => (f.name.endsWith("router_service.proto") ? "0" : f.package.includes("router") ? "1" : "2") + f.name;
    return rank(a).localeCompare(rank(b));
  });
  const out = [
    "# Pyro API reference", "",
    "Generated from the comments of `proto/` by `scripts/api-doc.ts` (run `make gen` first, then",
    "`node -r @swc-node/register scripts/api-doc.ts > docs/api.md`). Do not edit by hand.", "",
    "RouterService (`pyro.router.v1`) is the public API; `pyro.lavalink.v1` holds the Lavalink domain types it uses.",
    "The Router serves gRPC reflection, so `grpcurl` needs no proto files. The internal LavanodeService is not listed.", "",
  ];
  for (const f of files) renderFile(f, out);
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}

if (require.main === module) {
  process.stdout.write(renderApiDoc(readFileSync(join(ROOT, "gen/descriptor.binpb"))));
}
