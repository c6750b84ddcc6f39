/**
 * Lavalink `GET /v4/routeplanner/status` ⇄ pyro.lavalink.v1.RoutePlannerStatus. A disabled planner
 * (HTTP 204, no body) is `null` on the JSON side and an absent message on the proto side.
 */
import {
  RoutePlannerClass, type FailingAddress as FailingAddressProto, type RoutePlannerStatus as StatusProto,
} from "../../../../gen/ts/pyro/lavalink/v1/routeplanner";
import { dateToEpochMs, epochMsToDate } from "./epoch-ms";
import type { FailingAddress, RoutePlannerStatus } from "../lavalink-protocol";

const CLASS_TO_PROTO: Record<RoutePlannerStatus["class"], RoutePlannerClass> = {
  RotatingIpRoutePlanner: RoutePlannerClass.ROUTE_PLANNER_CLASS_ROTATING_IP,
  NanoIpRoutePlanner: RoutePlannerClass.ROUTE_PLANNER_CLASS_NANO_IP,
  RotatingNanoIpRoutePlanner: RoutePlannerClass.ROUTE_PLANNER_CLASS_ROTATING_NANO_IP,
  BalancingIpRoutePlanner: RoutePlannerClass.ROUTE_PLANNER_CLASS_BALANCING_IP,
};

/** The class-specific detail keys, all strings (or `null` for `currentAddress` before the first rotation). */
const OPTIONAL_DETAILS = ["rotateIndex", "ipIndex", "currentAddress", "currentAddressIndex", "blockIndex"] as const;

/** Maps a Lavalink `class` name to the enum; unknown names (e.g. a newer planner) give UNSPECIFIED. */
export function routePlannerClassToProto(className: string): RoutePlannerClass {
  return CLASS_TO_PROTO[className as RoutePlannerStatus["class"]] ?? RoutePlannerClass.ROUTE_PLANNER_CLASS_UNSPECIFIED;
}

function failingToProto(f: FailingAddress): FailingAddressProto {
  return { address: f.failingAddress, failingTimestamp: epochMsToDate(f.failingTimestamp), failingTime: f.failingTime };
}

function failingFromProto(f: FailingAddressProto): FailingAddress {
  return { failingAddress: f.address, failingTimestamp: dateToEpochMs(f.failingTimestamp), failingTime: f.failingTime };
}

/**
 * Converts a route planner status to proto; `null` (HTTP 204, planner disabled) gives `undefined`.
 * The raw class name is kept in `class_name`; class-specific details are copied when present
 * (a `null` currentAddress becomes absent).
 */
export function routePlannerStatusToProto(status: RoutePlannerStatus | null): StatusProto | undefined {
  if (status === null) return undefined;
  const d = status.details as RoutePlannerStatus["details"] & Partial<Record<(typeof OPTIONAL_DETAILS)[number], string | null>>;
  const details: NonNullable<StatusProto["details"]> = {
    ipBlock: { type: d.ipBlock.type, size: d.ipBlock.size },
    failingAddresses: d.failingAddresses.map(failingToProto),
  };
  for (const key of OPTIONAL_DETAILS) {
    const v = d[key];
    if (typeof v === "string") details[key] = v;
  }
  return { plannerClass: routePlannerClassToProto(status.class), className: status.class, details };
}

/**
 * Converts a proto status back to Lavalink JSON; `undefined` gives `null` (HTTP 204). The details
 * carry the keys of the class: RotatingIp `rotateIndex`, `ipIndex`, `currentAddress` (null when
 * absent); NanoIp `currentAddressIndex`; RotatingNanoIp `blockIndex`, `currentAddressIndex`;
 * BalancingIp none. For an unknown class every set detail is emitted. Missing strings become `""`.
 */
export function routePlannerStatusFromProto(status: StatusProto | undefined): RoutePlannerStatus | null {
  if (status === undefined) return null;
  const d = status.details;
  const details: Record<string, unknown> = {
    ipBlock: { type: d?.ipBlock?.type ?? "", size: d?.ipBlock?.size ?? "" },
    failingAddresses: (d?.failingAddresses ?? []).map(failingFromProto),
  };
  switch (status.plannerClass) {
    case RoutePlannerClass.ROUTE_PLANNER_CLASS_ROTATING_IP:
      details.rotateIndex = d?.rotateIndex ?? "";
      details.ipIndex = d?.ipIndex ?? "";
      details.currentAddress = d?.currentAddress ?? null;
      break;
    case RoutePlannerClass.ROUTE_PLANNER_CLASS_NANO_IP:
      details.currentAddressIndex = d?.currentAddressIndex ?? "";
      break;
    case RoutePlannerClass.ROUTE_PLANNER_CLASS_ROTATING_NANO_IP:
      details.blockIndex = d?.blockIndex ?? "";
      details.currentAddressIndex = d?.currentAddressIndex ?? "";
      break;
    case RoutePlannerClass.ROUTE_PLANNER_CLASS_BALANCING_IP:
      break;
    default:
      for (const key of OPTIONAL_DETAILS) if (d?.[key] !== undefined) details[key] = d[key];
  }
  return { class: status.className, details } as unknown as RoutePlannerStatus;
}
