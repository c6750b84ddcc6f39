import { Info as InfoCodec } from "../../../gen/ts/pyro/lavalink/v1/info";
import { RoutePlannerClass, RoutePlannerStatus as StatusCodec } from "../../../gen/ts/pyro/lavalink/v1/routeplanner";
import {
  infoFromProto, infoToProto, routePlannerStatusFromProto, routePlannerStatusToProto, sessionInfoFromProto,
  sessionInfoToProto, sessionUpdateFromProto,
} from "../../../services/common/src/mapping";
import type { LavalinkInfo, RoutePlannerStatus } from "../../../services/common/src/lavalink-protocol";
import { INFO, INFO_RELEASE, ROUTE_PLANNERS, ROUTE_PLANNER_UNROTATED, SESSION_INFO } from "../../support/lavalink-json-fixtures";
import { viaWire } from "./wire";

describe("info mapping", () => {
  it("round-trips the docs /v4/info example (pre-release and build)", () => {
    const json = JSON.parse(INFO) as LavalinkInfo;
    const proto = infoToProto(json);
    expect(proto.version).toEqual({ semver: "3.7.0-rc.1+test", major: 3, minor: 7, patch: 0, preRelease: "rc.1", build: "test" });
    expect(proto.buildTime).toEqual(new Date(1664223916812));
    expect(proto.git!.commitTime).toEqual(new Date(1664223916812));
    expect(infoFromProto(viaWire(InfoCodec, proto))).toStrictEqual(json);
  });

  it("maps a release's preRelease \"\" and buildTime -1 to absent, and writes them back as null and -1", () => {
    const json = JSON.parse(INFO_RELEASE) as LavalinkInfo;
    const proto = infoToProto(json);
    expect(proto.buildTime).toBeUndefined();
    expect(proto.version!.preRelease).toBeUndefined();
    expect(infoFromProto(viaWire(InfoCodec, proto))).toEqual({ ...json, version: { ...json.version, preRelease: null } });
  });

  it("round-trips a null preRelease exactly", () => {
    const json = JSON.parse(INFO_RELEASE) as LavalinkInfo;
    json.version.preRelease = null;
    expect(infoFromProto(infoToProto(json))).toStrictEqual(json);
  });
});

describe("route planner mapping", () => {
  it.each(Object.entries(ROUTE_PLANNERS))("round-trips %s", (className, text) => {
    const json = JSON.parse(text) as RoutePlannerStatus;
    const proto = routePlannerStatusToProto(json)!;
    expect(proto.className).toBe(className);
    expect(proto.plannerClass).not.toBe(RoutePlannerClass.ROUTE_PLANNER_CLASS_UNSPECIFIED);
    expect(routePlannerStatusFromProto(viaWire(StatusCodec, proto))).toStrictEqual(json);
  });

  it("maps the class-specific details and failing addresses", () => {
    const proto = routePlannerStatusToProto(JSON.parse(ROUTE_PLANNERS.RotatingNanoIpRoutePlanner))!;
    expect(proto.plannerClass).toBe(RoutePlannerClass.ROUTE_PLANNER_CLASS_ROTATING_NANO_IP);
    expect(proto.details).toEqual({
      ipBlock: { type: "Inet6Address", size: "1208925819614629174706176" },
      failingAddresses: [{ address: "/1.0.0.0", failingTimestamp: new Date(1573520707545), failingTime: "Mon Nov 11 20:05:07 EST 2019" }],
      blockIndex: "0", currentAddressIndex: "36792023813",
    });
  });

  it("round-trips a RotatingIp planner whose currentAddress is still null", () => {
    const json = JSON.parse(ROUTE_PLANNER_UNROTATED) as RoutePlannerStatus;
    const proto = routePlannerStatusToProto(json)!;
    expect(proto.details!.currentAddress).toBeUndefined();
    expect(routePlannerStatusFromProto(proto)).toStrictEqual(json);
  });

  it("maps a disabled planner (HTTP 204) to an absent message and back", () => {
    expect(routePlannerStatusToProto(null)).toBeUndefined();
    expect(routePlannerStatusFromProto(undefined)).toBeNull();
  });

  it("keeps an unknown planner class by name with its details", () => {
    const json = JSON.parse(`{"class":"FuturePlanner","details":{"ipBlock":{"type":"Inet6Address","size":"1"},"failingAddresses":[],"blockIndex":"2"}}`);
    const proto = routePlannerStatusToProto(json)!;
    expect(proto.plannerClass).toBe(RoutePlannerClass.ROUTE_PLANNER_CLASS_UNSPECIFIED);
    expect(routePlannerStatusFromProto(proto)).toStrictEqual(json);
  });
});

describe("session mapping", () => {
  it("round-trips the session PATCH response", () => {
    const json = JSON.parse(SESSION_INFO);
    expect(sessionInfoToProto(json)).toEqual({ resuming: true, timeoutSeconds: 60 });
    expect(sessionInfoFromProto(sessionInfoToProto(json))).toStrictEqual(json);
  });

  it("writes only the set fields of an UpdateSessionRequest", () => {
    expect(sessionUpdateFromProto({})).toEqual({});
    expect(sessionUpdateFromProto({ resuming: false })).toEqual({ resuming: false });
    expect(sessionUpdateFromProto({ resuming: true, timeoutSeconds: 0 })).toEqual({ resuming: true, timeout: 0 });
  });
});
