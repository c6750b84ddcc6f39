/** Player state and Lavalink PATCH semantics, pure: one definition for the Router and the Lavanode. */
export * from "./apply-update";
export * from "./position";
export * from "./rebuild-patch";
export * from "./from-lavalink-player";
