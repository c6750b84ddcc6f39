/** The cluster token every test and benchmark cluster shares (Routers present it, Lavanodes require it). */
export const TEST_CLUSTER_TOKEN = "test-cluster-token-0123456789";

/** `--cluster-token` with the test token, for `pyro router` and `pyro lavanode` argv. */
export const CLUSTER_TOKEN_ARGS: readonly string[] = ["--cluster-token", TEST_CLUSTER_TOKEN];
