// The registry contract suite: one describe per concept, run unchanged against every backend.
import { describeEventContract } from "./contract-events";
import { describeLeaseContract, describeNodeContract } from "./contract-nodes-leases";
import { describePlayerContract } from "./contract-players";
import { describeClaimBatchContract } from "./contract-claim-batch";
import { describeQueueContract } from "./contract-queues";
import { describeVoiceHalfContract } from "./contract-voice-halves";
import { describeLavalinkSessionContract } from "./contract-lavalink-sessions";
import { describeEventLogContract } from "./contract-event-log";
import type { RegistryFactory } from "./harness";

export { eventually, manualClock, track, useRegistries, type RegistryFactory } from "./harness";

/** Declares the whole contract suite for one backend. */
export function describeRegistryContract(name: string, factory: RegistryFactory): void {
  describe(`registry contract: ${name}`, () => {
    describePlayerContract(factory);
    describeClaimBatchContract(factory);
    describeNodeContract(factory);
    describeLeaseContract(factory);
    describeEventContract(factory);
    describeQueueContract(factory);
    describeVoiceHalfContract(factory);
    describeLavalinkSessionContract(factory);
    describeEventLogContract(factory);
  });
}
