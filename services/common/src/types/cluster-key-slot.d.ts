/** Types of `cluster-key-slot` (the hash-slot function ioredis itself uses), which ships none. */
declare module "cluster-key-slot" {
  /** The Redis Cluster hash slot (0..16383) of `key`, honouring `{hash tags}`. */
  function calculateSlot(key: string | Buffer): number;
  export = calculateSlot;
}
