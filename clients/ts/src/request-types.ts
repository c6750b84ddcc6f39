/**
 * The request message of every unary RouterService method, so a caller passes `Partial` input and
 * the server's defaults fill the rest (`fromPartial`), and whether the call is idempotent (safe to
 * retry on ABORTED/UNAVAILABLE: repeating it has the effect of doing it once).
 */
import * as p from "../gen/pyro/router/v1/player";
import * as q from "../gen/pyro/router/v1/queue";
import * as n from "../gen/pyro/router/v1/node";
import * as t from "../gen/pyro/router/v1/tracks";
import * as v from "../gen/pyro/router/v1/voice";
import * as pl from "../gen/pyro/router/v1/plugin";

/** What the table needs of a generated message. */
export interface Message {
  fromPartial(o: never): unknown;
}

const METHODS = {
  updatePlayer: [p.UpdatePlayerRequest as Message, true],
  getPlayer: [p.GetPlayerRequest as Message, true],
  listPlayers: [p.ListPlayersRequest as Message, true],
  destroyPlayer: [p.DestroyPlayerRequest as Message, true],
  movePlayer: [p.MovePlayerRequest as Message, false],
  updateVoiceState: [v.UpdateVoiceStateRequest as Message, true],
  updateVoiceServer: [v.UpdateVoiceServerRequest as Message, true],
  loadTracks: [t.LoadTracksRequest as Message, true],
  decodeTrack: [t.DecodeTrackRequest as Message, true],
  decodeTracks: [t.DecodeTracksRequest as Message, true],
  enqueue: [q.EnqueueRequest as Message, false],
  getQueue: [q.GetQueueRequest as Message, true],
  removeFromQueue: [q.RemoveFromQueueRequest as Message, false],
  moveInQueue: [q.MoveInQueueRequest as Message, false],
  shuffleQueue: [q.ShuffleQueueRequest as Message, false],
  clearQueue: [q.ClearQueueRequest as Message, true],
  skip: [q.SkipRequest as Message, false],
  previous: [q.PreviousRequest as Message, false],
  setRepeatMode: [q.SetRepeatModeRequest as Message, true],
  listNodes: [n.ListNodesRequest as Message, true],
  getNode: [n.GetNodeRequest as Message, true],
  cordonNode: [n.CordonNodeRequest as Message, true],
  uncordonNode: [n.UncordonNodeRequest as Message, true],
  drainNode: [n.DrainNodeRequest as Message, true],
  explainPlacement: [n.ExplainPlacementRequest as Message, true],
  getRoutePlannerStatus: [n.GetRoutePlannerStatusRequest as Message, true],
  freeRoutePlannerAddress: [n.FreeRoutePlannerAddressRequest as Message, true],
  freeAllRoutePlannerAddresses: [n.FreeAllRoutePlannerAddressesRequest as Message, true],
  // A plugin route may change state (PUT/POST/PATCH/DELETE): not retried.
  callPlugin: [pl.CallPluginRequest as Message, false],
} as const;

/** Name of a unary method. */
export type UnaryMethod = keyof typeof METHODS;

/** method → [request message, idempotent]. */
export const UNARY_METHODS: Readonly<Record<UnaryMethod, readonly [Message, boolean]>> = METHODS;
