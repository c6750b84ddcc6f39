// The lavalink-client conformance scenario against Pyro's Lavalink endpoint (3 emulators behind it,
// their clocks sped up 20x so a short track reaches its natural end).
import { describeLavalinkClientConformance } from "../../lavalink-emulator/conformance/lavalink-client-scenario";
import { startPyroTarget } from "./pyro-target";

describeLavalinkClientConformance("lavalink-client 2 against Pyro's Lavalink endpoint", () =>
  startPyroTarget(["--player-update-interval-ms", "100", "--stats-interval-ms", "1000", "--clock-speed", "20"]));
