import { startEmulator } from "./index";
import { emulatorTarget } from "./conformance/emulator-target";
import { describeLavalinkClientConformance } from "./conformance/lavalink-client-scenario";

describeLavalinkClientConformance("lavalink-client 2 against the emulator", async () =>
  emulatorTarget(await startEmulator({ password: "pw", playerUpdateIntervalMs: 50, statsIntervalMs: 200, clockSpeed: 20 }), "pw"));
