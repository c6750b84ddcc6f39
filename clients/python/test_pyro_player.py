#!/usr/bin/python3
"""Tests pyro_player.py against a live Pyro (PYRO_ADDRESS): play, queue, skip, pause, events.
Run by test/e2e/standalone/python-example.test.ts; prints "ok" and exits 0 when every check passes."""
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyro_player import Pyro, to_identifier  # noqa: E402

GUILD = "450000000000000001"


class PyroPlayerTest(unittest.TestCase):
    def test_identifiers(self):
        self.assertEqual(to_identifier("never gonna"), "ytsearch:never gonna")
        self.assertEqual(to_identifier("https://x.test/a.mp3"), "https://x.test/a.mp3")
        self.assertEqual(to_identifier("lofi", "soundcloud"), "scsearch:lofi")

    def test_player_queue_and_events(self):
        pyro = Pyro(os.environ["PYRO_ADDRESS"])
        player = pyro.player(GUILD)
        stop, starts = threading.Event(), []
        subscribed = threading.Event()

        def watch():
            for ev in pyro.events([GUILD], stop=stop, on_open=subscribed.set):
                if ev.kind == "track_start":
                    starts.append((ev.payload.track.info.title, ev.event.replay))
        t = threading.Thread(target=watch, daemon=True)
        t.start()
        player.set_voice("py-s", "py-t", "us-east1.discord.media:443", "250000000000000001")
        self.assertTrue(subscribed.wait(10))
        self.assertTrue(player.play("emulator:py one:600000").started)
        self.assertFalse(player.play("emulator:py two:600000").started)
        q = player.queue.list()
        self.assertEqual([q.now_playing.track.info.title] + [e.track.info.title for e in q.upcoming], ["py one", "py two"])
        self.assertTrue(player.pause().player.paused)
        self.assertFalse(player.resume().player.paused)
        self.assertEqual(player.set_volume(70).player.volume, 70)
        self.assertEqual(player.queue.skip().track.info.title, "py two")
        self.assertEqual(player.queue.previous().track.info.title, "py one")
        for _ in range(200):
            if len(starts) >= 3:
                break
            threading.Event().wait(0.05)
        self.assertEqual(starts[:3], [("py one", False), ("py two", False), ("py one", False)])
        player.queue.clear()
        self.assertTrue(player.destroy())
        stop.set()
        t.join(10)
        pyro.close()


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=0).result
    ok = result.wasSuccessful()
    print("ok" if ok else "failed")
    sys.exit(0 if ok else 1)
