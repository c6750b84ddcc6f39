import { startEmulator } from "./index";
import { emulatorTarget } from "./conformance/emulator-target";
import { describeShoukakuConformance } from "./conformance/shoukaku-scenario";

describeShoukakuConformance("shoukaku 4 against the emulator", async () =>
  emulatorTarget(await startEmulator({ password: "pw", playerUpdateIntervalMs: 50, statsIntervalMs: 200 }), "pw"));
