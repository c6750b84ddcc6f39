/** Lavalink `Exception` JSON (track exception events and `error` load results) ⇄ pyro.lavalink.v1.Exception. */
import { ExceptionSeverity, type Exception as ExceptionProto } from "../../../../gen/ts/pyro/lavalink/v1/exception";
import type { ExceptionSeverity as SeverityJson, LavalinkException } from "../lavalink-protocol";

const SEVERITY_TO_PROTO: Record<SeverityJson, ExceptionSeverity> = {
  common: ExceptionSeverity.EXCEPTION_SEVERITY_COMMON,
  suspicious: ExceptionSeverity.EXCEPTION_SEVERITY_SUSPICIOUS,
  fault: ExceptionSeverity.EXCEPTION_SEVERITY_FAULT,
};

/** Maps a Lavalink `severity` string to the proto enum; an unknown string gives UNSPECIFIED. */
export function severityToProto(severity: SeverityJson): ExceptionSeverity {
  return SEVERITY_TO_PROTO[severity] ?? ExceptionSeverity.EXCEPTION_SEVERITY_UNSPECIFIED;
}

/** Maps the proto severity to Lavalink's string; UNSPECIFIED/unrecognised give `fault`, Lavalink's default. */
export function severityFromProto(severity: ExceptionSeverity): SeverityJson {
  switch (severity) {
    case ExceptionSeverity.EXCEPTION_SEVERITY_COMMON: return "common";
    case ExceptionSeverity.EXCEPTION_SEVERITY_SUSPICIOUS: return "suspicious";
    default: return "fault";
  }
}

/** Converts a Lavalink exception object to proto; `message: null` and a missing `causeStackTrace` become absent. */
export function exceptionToProto(exception: LavalinkException): ExceptionProto {
  const out: ExceptionProto = { severity: severityToProto(exception.severity), cause: exception.cause };
  if (exception.message !== null) out.message = exception.message;
  if (exception.causeStackTrace !== undefined) out.causeStackTrace = exception.causeStackTrace;
  return out;
}

/**
 * Converts a proto Exception to Lavalink JSON: absent `message` becomes `null` (the key is always
 * sent); `causeStackTrace` is emitted only when set (4.0.x servers omit it).
 */
export function exceptionFromProto(exception: ExceptionProto): LavalinkException {
  const out: LavalinkException = {
    message: exception.message ?? null,
    severity: severityFromProto(exception.severity),
    cause: exception.cause,
  };
  if (exception.causeStackTrace !== undefined) out.causeStackTrace = exception.causeStackTrace;
  return out;
}
