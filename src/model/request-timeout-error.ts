import { GlassboxError } from "../errors.ts";

/** Which wait ran out: opening the connection, the whole Converse response, or silence in a stream. */
export type TimeoutPhase = "connect" | "response" | "stream-idle";

const WHAT: Record<TimeoutPhase, string> = {
  connect: "no connection was established",
  response: "no complete response arrived",
  "stream-idle": "the response stream sent nothing",
};

const SETTING: Record<TimeoutPhase, string> = {
  connect: "http.connectTimeoutMs",
  response: "requestTimeoutMs",
  "stream-idle": "streamIdleTimeoutMs",
};

/**
 * A Bedrock request waited longer than its Glassbox timeout. The clock starts when the request gets a
 * socket, so time spent queued behind the pool or the rate limiter never counts. Retryable.
 */
export class RequestTimeoutError extends GlassboxError {
  constructor(
    readonly phase: TimeoutPhase,
    readonly timeoutMs: number,
    where: string,
  ) {
    super(`${WHAT[phase]} within ${timeoutMs} ms from ${where} (model.${SETTING[phase]})`, {
      code: "REQUEST_TIMEOUT",
    });
  }
}
