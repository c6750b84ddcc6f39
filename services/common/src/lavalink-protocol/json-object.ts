/** Any JSON object in a Lavalink payload (plugin info, user data, plugin filter values). */
export type JsonObject = { [key: string]: unknown };
