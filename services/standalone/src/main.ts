/** `pyro standalone`: Router and Lavanodes in one process (built by the standalone issue). */
export async function run(_argv: string[]): Promise<void> {
  throw new Error("standalone mode is not built yet; start `pyro router` and `pyro lavanode` instead");
}
