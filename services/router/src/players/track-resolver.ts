/** Resolves identifiers and decodes tracks through any usable Lavanode (cold path, unary RPCs). */
import * as grpc from "@grpc/grpc-js";
import { InvalidArgumentError } from "../../../common/src/errors";
import type { LoadResult } from "../../../../gen/ts/pyro/lavalink/v1/load";
import type { Track } from "../../../../gen/ts/pyro/lavalink/v1/track";
import { NoNodeAvailableError, NodeNotFoundError, NodeUnavailableError } from "../errors";
import type { NodeDirectory } from "../nodes/node-directory";
import type { LavanodeLink } from "../nodes/lavanode-link";
import { sourceForIdentifier } from "./source-routing";

const call = <Res>(fn: (md: grpc.Metadata, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: Res) => void) => void, signal?: AbortSignal): Promise<Res> =>
  new Promise((resolve, reject) => {
    // The signal may outlive the call (a Session stream's): the listener goes when the call ends.
    const onAbort = (): void => c?.cancel();
    const c = fn(new grpc.Metadata(), { deadline: Date.now() + 15000 }, (e, r) => {
      signal?.removeEventListener("abort", onAbort);
      if (e) reject(e);
      else resolve(r);
    }) as unknown as grpc.ClientUnaryCall | undefined;
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Cold-path track operations. */
export class TrackResolver {
  private next = 0;

  constructor(private readonly directory: NodeDirectory) {}

  /** A usable node's link, round-robin. @throws NoNodeAvailableError. */
  pick(): LavanodeLink {
    const links = this.directory.list().filter((n) => this.directory.usable(n)).map((n) => n.link!);
    if (links.length === 0) throw new NoNodeAvailableError(undefined, []);
    return links[this.next++ % links.length]!;
  }

  /** A named node's link. @throws NodeNotFoundError, NodeUnavailableError. */
  named(nodeId: string): LavanodeLink {
    const node = this.directory.get(nodeId);
    if (!node) throw new NodeNotFoundError(nodeId);
    if (!this.directory.usable(node) || !node.link) throw new NodeUnavailableError(nodeId, "not connected");
    return node.link;
  }

  /**
   * A usable node's link for loading `identifier`: one whose Lavalink has the source the identifier
   * needs (source-routing.ts; nodes whose capabilities are not known yet count as capable), round-robin.
   * @throws NoNodeAvailableError naming the missing source.
   */
  pickFor(identifier: string): LavanodeLink {
    const all = this.directory.list();
    const usable = all.filter((n) => this.directory.usable(n) && n.link);
    // Sources any known node reported, dead ones included: a plugin source stays known while its nodes are down.
    const listed = new Set(all.flatMap((n) => n.record.capabilities?.sourceManagers ?? []));
    const source = sourceForIdentifier(identifier, listed);
    if (!source) return this.pick();
    const capable = usable.filter((n) => !n.record.capabilities || n.record.capabilities.sourceManagers.includes(source));
    if (capable.length === 0) {
      const prefix = identifier.slice(0, identifier.indexOf(":") + 1);
      throw new NoNodeAvailableError(undefined, [`no node's Lavalink has the source ${source} that ${prefix.startsWith("http") ? "this URL" : prefix} needs`]);
    }
    return capable[this.next++ % capable.length]!.link!;
  }

  /** Lavalink loadtracks through a node (a named one, or a usable one with the identifier's source). */
  async load(identifier: string, signal?: AbortSignal, nodeId?: string): Promise<{ result: LoadResult; nodeId: string }> {
    const link = nodeId ? this.named(nodeId) : this.pickFor(identifier);
    const r = await call<{ result?: LoadResult }>((md, o, cb) => link.client.loadTracks({ identifier }, md, o, cb), signal);
    if (!r.result) throw new Error("lavanode returned no load result");
    return { result: r.result, nodeId: link.nodeId };
  }

  /**
   * Resolves an identifier to the single track it names (as Lavalink's PATCH `track.identifier`
   * does). @throws InvalidArgumentError for searches, playlists, no match and load errors.
   */
  async resolveSingle(identifier: string, signal?: AbortSignal): Promise<string> {
    const r = (await this.load(identifier, signal)).result.result;
    if (r?.$case === "track") return r.value.encoded;
    const what = r?.$case === "error" ? `failed to load: ${r.value.message}` : `resolves to ${r?.$case ?? "nothing"}, not a single track`;
    throw new InvalidArgumentError("identifier", what);
  }

  async decode(encoded: string, signal?: AbortSignal): Promise<Track | undefined> {
    const link = this.pick();
    return (await call<{ track?: Track }>((md, o, cb) => link.client.decodeTrack({ encodedTrack: encoded }, md, o, cb), signal)).track;
  }

  async decodeMany(encoded: string[], signal?: AbortSignal): Promise<Track[]> {
    const link = this.pick();
    return (await call<{ tracks: Track[] }>((md, o, cb) => link.client.decodeTracks({ encodedTracks: encoded }, md, o, cb), signal)).tracks;
  }
}
