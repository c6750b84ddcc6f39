// The shoukaku conformance scenario against Pyro's Lavalink endpoint (3 emulators behind it); its
// "dropped socket" step is a kill -9 and restart of the Router, so resuming survives the Router.
import { describeShoukakuConformance } from "../../lavalink-emulator/conformance/shoukaku-scenario";
import { startPyroTarget } from "./pyro-target";

describeShoukakuConformance("shoukaku 4 against Pyro's Lavalink endpoint", () => startPyroTarget());
