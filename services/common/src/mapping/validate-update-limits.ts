/**
 * The size and range limits a player update must meet wherever it arrives: the Router's
 * UpdatePlayer (and Session) and the Lavanode's Connect stream check the same fields of their own
 * message, with their own field prefix, through this one function.
 */
import type { Filters } from "../../../../gen/ts/pyro/lavalink/v1/filters";
import { InvalidArgumentError } from "../errors";
import { MAX_USER_DATA_BYTES, jsonLimitProblem, timeMsProblem } from "../limits";
import { validateFilters } from "./validate-filters";

/** The fields of an update that carry a limit (RouterService UpdatePlayerRequest, LavanodeService UpdatePlayerCommand). */
export interface LimitedUpdate {
  endTime?: { $case: "endTimeMs"; value: bigint } | { $case: "clearEndTime"; value: unknown } | undefined;
  positionMs?: bigint | undefined;
  userData?: { [key: string]: unknown } | undefined;
  filters?: Filters | undefined;
}

/**
 * Every limit `update` breaks, in field order end_time_ms, position_ms, user_data, filters; each
 * field path starts with `prefix` ("" for none). Empty when it fits.
 */
export function updateLimitProblems(update: LimitedUpdate, prefix: string): InvalidArgumentError[] {
  const path = (f: string): string => (prefix ? `${prefix}.${f}` : f);
  const problems: InvalidArgumentError[] = [];
  const end = update.endTime?.$case === "endTimeMs" ? timeMsProblem(update.endTime.value) : undefined;
  if (end) problems.push(new InvalidArgumentError(path("end_time_ms"), end));
  const position = update.positionMs !== undefined ? timeMsProblem(update.positionMs) : undefined;
  if (position) problems.push(new InvalidArgumentError(path("position_ms"), position));
  if (update.userData !== undefined) {
    const data = jsonLimitProblem(update.userData, MAX_USER_DATA_BYTES);
    if (data) problems.push(new InvalidArgumentError(path("user_data"), data));
  }
  if (update.filters) problems.push(...validateFilters(update.filters, path("filters")));
  return problems;
}
