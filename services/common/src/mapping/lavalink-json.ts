/**
 * The Lavalink v4 JSON shapes the mapping functions convert from and to. They are owned by the
 * Lavanode's Lavalink client (`services/lavanode/src/lavalink/`); this file is the single import
 * point so the mapping layer depends on them in exactly one place. Type-only: no runtime import.
 */
export type {
  ChannelMixFilter,
  DistortionFilter,
  EqualizerBand,
  ExceptionSeverity,
  FailingAddress,
  Filters,
  FrameStats,
  JsonObject,
  KaraokeFilter,
  LavalinkException,
  LavalinkInfo,
  LavalinkStats,
  LoadResult,
  LowPassFilter,
  Player,
  PlayerState,
  PlayerUpdate,
  Playlist,
  RotationFilter,
  RoutePlannerStatus,
  SessionInfo,
  SessionUpdate,
  TimescaleFilter,
  Track,
  TrackEndReason,
  TrackInfo,
  TremoloFilter,
  VibratoFilter,
  VoiceState,
} from "../../../lavanode/src/lavalink/types";
export type {
  LavalinkEvent,
  PlayerUpdateMessage,
  StatsMessage,
  TrackEndEvent,
  TrackExceptionEvent,
  TrackStartEvent,
  TrackStuckEvent,
  WebSocketClosedEvent,
} from "../../../lavanode/src/lavalink/message-types";
