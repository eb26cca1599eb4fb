import type { Exchange, RecordedRequest } from "./cassette-schema.ts";
import { type KeyDifference, keyDifference, shortValue } from "./key-difference.ts";

/** The recording nearest to a request, and how it differs. */
export interface ClosestRecording {
  file: string;
  difference: KeyDifference | undefined;
}

/**
 * The recording with the fewest differing fields from the request's key, among recordings of the same
 * operation when there are any (else all); the earliest wins a tie.
 */
export function closestRecording(
  keyed: Array<{ exchange: Exchange & { file: string }; key: Record<string, unknown> }>,
  key: Record<string, unknown>,
  operation: string,
): ClosestRecording | undefined {
  const same = keyed.filter(({ exchange }) => exchange.request.operation === operation);
  let best: ClosestRecording | undefined;
  let bestCount = Number.POSITIVE_INFINITY;
  for (const { exchange, key: recorded } of same.length ? same : keyed) {
    const difference = keyDifference(recorded, key);
    const count = difference?.count ?? 0;
    if (count < bestCount) {
      best = { file: exchange.file, difference };
      bestCount = count;
    }
  }
  return best;
}

/**
 * The message for a request no recording answers, e.g. `glassbox replay: no recording matches Converse
 * POST /model/m/converse; closest: 0007-converse.json (differs at body.inferenceConfig.temperature:
 * recorded 0.7, requested 0.2; 1 difference)`.
 */
export function describeMiss(
  request: RecordedRequest,
  closest: ClosestRecording | undefined,
  exhausted: number,
): string {
  const what = `${request.operation} ${request.method} ${request.path}`;
  if (exhausted) {
    return `glassbox replay: ${what} was recorded ${exhausted} time${exhausted === 1 ? "" : "s"} and all were replayed already (a request the recorded run did not make as often)`;
  }
  const head = `glassbox replay: no recording matches ${what}`;
  if (!closest) return `${head}; the cassette holds no recordings`;
  const difference = closest.difference;
  if (!difference) return `${head}; closest: ${closest.file}`;
  const more = difference.count > 1 ? `; ${difference.count} differences in all` : "";
  return `${head}; closest: ${closest.file} (differs at ${difference.path}: recorded ${shortValue(difference.recorded)}, requested ${shortValue(difference.requested)}${more})`;
}
