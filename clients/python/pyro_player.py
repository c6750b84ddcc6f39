"""A small ergonomic wrapper over Pyro's generated Python stubs: players, queues and events.

    from pyro_player import Pyro
    pyro = Pyro("127.0.0.1:50051")
    player = pyro.player("123456789012345678")
    player.play("never gonna give you up")          # queued; started if idle; plain text -> ytsearch:
    player.queue.skip()
    for ev in pyro.events(["123456789012345678"]):   # reconnects and resumes; ev.kind, ev.event
        if ev.kind == "track_start" and not ev.event.replay:
            print("now playing", ev.payload.track.info.title)

Stubs come from `make python-gen` (clients/python/gen/); runs on Debian's python3-grpcio.
Errors are grpc.RpcError (code(), details()); idempotent reads are not retried here.
"""
import os
import random
import re
import sys
import threading
import time
from collections import namedtuple

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))

import grpc  # noqa: E402
from google.protobuf import empty_pb2  # noqa: E402
from pyro.lavalink.v1 import voice_pb2  # noqa: E402
from pyro.router.v1 import event_pb2, player_pb2, queue_pb2, router_service_pb2_grpc, tracks_pb2  # noqa: E402

SEARCH_PREFIXES = {"youtube": "ytsearch", "youtubemusic": "ytmsearch", "soundcloud": "scsearch"}
REPEAT = {"off": queue_pb2.REPEAT_MODE_OFF, "track": queue_pb2.REPEAT_MODE_TRACK, "queue": queue_pb2.REPEAT_MODE_QUEUE}

#: One event: `kind` is the oneof name (track_start, queue_ended, ...), `payload` its message, `event` the Event.
PyroEvent = namedtuple("PyroEvent", "kind payload event")


def to_identifier(query, source="youtube"):
    """A URL or `scheme:` identifier as given; plain text searched on `source`."""
    q = query.strip()
    return q if re.match(r"^[a-z][a-z0-9+.-]*:", q, re.I) else "%s:%s" % (SEARCH_PREFIXES.get(source, source), q)


class Queue:
    """The durable queue of one guild."""

    def __init__(self, pyro, guild_id):
        self._pyro, self.guild_id = pyro, guild_id

    def add(self, *queries, index=None, play_if_idle=False):
        tracks = [queue_pb2.TrackSource(identifier=to_identifier(q, self._pyro.source)) for q in queries]
        req = queue_pb2.EnqueueRequest(guild_id=self.guild_id, tracks=tracks, play_if_idle=play_if_idle)
        if index is not None:
            req.index = index
        return self._pyro.call("Enqueue", req)

    def skip(self, count=1):
        """Returns the entry now playing, or None when the queue ran out."""
        res = self._pyro.call("Skip", queue_pb2.SkipRequest(guild_id=self.guild_id, count=count))
        return res.now_playing if res.HasField("now_playing") else None

    def previous(self):
        """Returns the entry now playing, or None when the history is empty."""
        try:
            return self._pyro.call("Previous", queue_pb2.PreviousRequest(guild_id=self.guild_id)).now_playing
        except grpc.RpcError as err:
            if err.code() == grpc.StatusCode.FAILED_PRECONDITION:
                return None
            raise

    def list(self, limit=100, history=0):
        return self._pyro.call("GetQueue", queue_pb2.GetQueueRequest(guild_id=self.guild_id, limit=limit, history_limit=history))

    def clear(self):
        return self._pyro.call("ClearQueue", queue_pb2.ClearQueueRequest(guild_id=self.guild_id)).removed_count

    def shuffle(self):
        self._pyro.call("ShuffleQueue", queue_pb2.ShuffleQueueRequest(guild_id=self.guild_id))

    def repeat(self, mode):
        self._pyro.call("SetRepeatMode", queue_pb2.SetRepeatModeRequest(guild_id=self.guild_id, repeat_mode=REPEAT[mode]))


class Player:
    """The player of one guild."""

    def __init__(self, pyro, guild_id):
        self._pyro, self.guild_id = pyro, guild_id
        self.queue = Queue(pyro, guild_id)

    def play(self, query, now=False):
        """Queues `query` and starts it if idle; with now=True it replaces the current track."""
        res = self.queue.add(query, index=0 if now else None, play_if_idle=True)
        if now and not res.started:
            self.queue.skip()
        return res

    def update(self, **fields):
        return self._pyro.call("UpdatePlayer", player_pb2.UpdatePlayerRequest(guild_id=self.guild_id, **fields)).player

    def set_voice(self, session_id, token, endpoint, channel_id):
        return self.update(voice=voice_pb2.VoiceState(session_id=session_id, token=token, endpoint=endpoint, channel_id=channel_id))

    def get(self):
        return self._pyro.call("GetPlayer", player_pb2.GetPlayerRequest(guild_id=self.guild_id)).player

    def pause(self):
        return self.update(paused=True)

    def resume(self):
        return self.update(paused=False)

    def stop(self):
        return self.update(stop=empty_pb2.Empty())

    def seek(self, ms):
        return self.update(position_ms=int(ms))

    def set_volume(self, volume):
        return self.update(volume=int(volume))

    def destroy(self):
        return self._pyro.call("DestroyPlayer", player_pb2.DestroyPlayerRequest(guild_id=self.guild_id)).existed


class Pyro:
    """A connection to a Router."""

    def __init__(self, address="127.0.0.1:50051", token=None, source="youtube", timeout=30.0):
        self._channel = grpc.insecure_channel(address)
        self._stub = router_service_pb2_grpc.RouterServiceStub(self._channel)
        self._metadata = [("authorization", "Bearer " + token)] if token else []
        self.source, self.timeout = source, timeout

    def call(self, method, request):
        return getattr(self._stub, method)(request, metadata=self._metadata, timeout=self.timeout)

    def player(self, guild_id):
        return Player(self, guild_id)

    def search(self, query, source=None):
        return self.call("LoadTracks", tracks_pb2.LoadTracksRequest(identifier=to_identifier(query, source or self.source))).result

    def events(self, guild_ids=(), reconnect=True, stop=None, on_open=None):
        """Yields PyroEvents; on UNAVAILABLE reconnects with jittered backoff and resumes after the last
        guild_sequence seen per guild. `stop` (a threading.Event) ends the iteration; `on_open()` is
        called each time the stream is open (its headers arrived)."""
        cursors, attempt = {}, 0
        while not (stop and stop.is_set()):
            resume = [event_pb2.GuildCursor(guild_id=g, after_sequence=s) for g, s in cursors.items()]
            req = event_pb2.WatchEventsRequest(guild_ids=list(guild_ids), exclude_player_updates=True, resume_from=resume)
            stream = self._stub.WatchEvents(req, metadata=self._metadata)
            if stop:
                stop_watch = threading.Thread(target=lambda: (stop.wait(), stream.cancel()), daemon=True)
                stop_watch.start()
            try:
                stream.initial_metadata()
                if on_open:
                    on_open()
                for res in stream:
                    attempt = 0
                    ev = res.event
                    if ev.guild_sequence:
                        if ev.guild_sequence <= cursors.get(ev.guild_id, 0):
                            continue
                        cursors[ev.guild_id] = ev.guild_sequence
                    kind = ev.WhichOneof("kind")
                    yield PyroEvent(kind, getattr(ev, kind), ev)
                return
            except grpc.RpcError as err:
                if err.code() == grpc.StatusCode.CANCELLED or (stop and stop.is_set()):
                    return
                if err.code() != grpc.StatusCode.UNAVAILABLE or not reconnect:
                    raise
                time.sleep(random.random() * min(5.0, 0.1 * 2 ** attempt))
                attempt += 1

    def close(self):
        self._channel.close()
