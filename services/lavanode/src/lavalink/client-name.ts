/** Version of the Pyro Lavalink client reported in `Client-Name` and `User-Agent` unless overridden. */
export const PYRO_CLIENT_VERSION = "0.1.0";

/** Default `Client-Name` / `User-Agent` value: `Pyro/<version>`. */
export const DEFAULT_CLIENT_NAME = `Pyro/${PYRO_CLIENT_VERSION}`;
