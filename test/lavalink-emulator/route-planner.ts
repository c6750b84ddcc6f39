import { isIP } from "node:net";
import { HttpError } from "./errors";
import { JsonObject } from "./json";

/** Route planner classes Lavalink can report. */
export type RoutePlannerClass = "RotatingIpRoutePlanner" | "NanoIpRoutePlanner" | "RotatingNanoIpRoutePlanner" | "BalancingIpRoutePlanner";

/** Configuration for an enabled route planner (the emulator's is disabled by default, as Lavalink's). */
export interface RoutePlannerConfig {
  class: RoutePlannerClass;
  /** IP block as `Inet4Address`/`Inet6Address` and its size (default `Inet6Address`, 2^64). */
  ipBlock?: { type: "Inet4Address" | "Inet6Address"; size: string };
}

/**
 * Emulated route planner: status for each class with its detail fields, failing addresses, and the
 * free/address and free/all operations with Lavalink's status codes.
 */
export class RoutePlanner {
  private config: RoutePlannerConfig | null = null;
  private failing = new Map<string, number>();

  /** Enables (with a config) or disables (null) the planner; clears failing addresses. */
  configure(config: RoutePlannerConfig | null): void {
    this.config = config;
    this.failing.clear();
  }

  /** Marks an address as failing (as if a ban was detected). */
  markFailing(address: string): void {
    this.failing.set(address, Date.now());
  }

  /** Status body, or null when disabled (the route then answers 204). */
  status(): JsonObject | null {
    const c = this.config;
    if (!c) return null;
    const details: JsonObject = {
      ipBlock: c.ipBlock ?? { type: "Inet6Address", size: "18446744073709551616" },
      failingAddresses: [...this.failing].map(([address, ts]) => ({
        failingAddress: `/${address}`, failingTimestamp: ts, failingTime: new Date(ts).toString(),
      })),
    };
    switch (c.class) {
      case "RotatingIpRoutePlanner":
        Object.assign(details, { rotateIndex: "0", ipIndex: "0", currentAddress: "/2001:db8:0:0:0:0:0:1" });
        break;
      case "NanoIpRoutePlanner":
        Object.assign(details, { currentAddressIndex: "0" });
        break;
      case "RotatingNanoIpRoutePlanner":
        Object.assign(details, { blockIndex: "0", currentAddressIndex: "0" });
        break;
      case "BalancingIpRoutePlanner":
        break;
    }
    return { class: c.class, details };
  }

  /** Frees one address. Throws 500 when disabled, 400 for an address that is not an IP literal. */
  freeAddress(address: string): void {
    if (!this.config) throw new HttpError(500, "Can't access disabled route planner");
    if (isIP(address) === 0) throw new HttpError(400, `Invalid address: ${address}: Name or service not known`);
    this.failing.delete(address);
  }

  /** Frees every address. Throws 500 when disabled. */
  freeAll(): void {
    if (!this.config) throw new HttpError(500, "Can't access disabled route planner");
    this.failing.clear();
  }
}
