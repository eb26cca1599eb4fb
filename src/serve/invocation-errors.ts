import { GlassboxError } from "../errors.ts";

/** One invalid field of a request: its name (a dotted path, or a header name) and what was expected. */
export interface FieldProblem {
  name: string;
  message: string;
}

/**
 * An invocation the server cannot accept as sent (400): bad JSON, a payload that fails the schema, a
 * malformed session or request id. `fieldList` names every bad field, as AgentCore's ValidationException.
 */
export class PayloadError extends GlassboxError {
  readonly status = 400;
  constructor(readonly fieldList: FieldProblem[]) {
    super(fieldList.map((field) => `${field.name}: ${field.message}`).join("; "), {
      code: "INVOCATION_INVALID",
    });
  }
}

/** Why a request was turned away before any agent code ran (403, 404, 405, 408, 413, 415). */
export type RejectionReason =
  | "ForbiddenOrigin"
  | "ForbiddenHost"
  | "NotFound"
  | "MethodNotAllowed"
  | "PayloadTooLarge"
  | "BodyTimeout"
  | "UnsupportedMediaType";

const REJECTION_STATUS: Record<RejectionReason, number> = {
  ForbiddenOrigin: 403,
  ForbiddenHost: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  PayloadTooLarge: 413,
  BodyTimeout: 408,
  UnsupportedMediaType: 415,
};

/** A request refused at the door: wrong path, method, media type, size, Host or Origin. */
export class RequestRejectedError extends GlassboxError {
  readonly status: number;
  constructor(
    readonly reason: RejectionReason,
    message: string,
    /** Extra response headers (`Allow` for 405). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message, { code: "REQUEST_REJECTED" });
    this.status = REJECTION_STATUS[reason];
  }
}

/** What the thread is doing that does not fit the invocation (409). */
export type ThreadConflictReason =
  | "ThreadBusy"
  | "ThreadPaused"
  | "ThreadUnfinished"
  | "ThreadNotPaused"
  | "NothingToContinue"
  | "RequestIdReused";

/**
 * The thread is not in a state this invocation can act on: a run is in progress on it, it waits for
 * decisions, a run stopped mid-way (continue it), or there is nothing to resume. `details.paused`
 * carries the calls waiting for decisions, so the caller can answer them.
 */
export class ThreadConflictError extends GlassboxError {
  readonly status = 409;
  constructor(
    readonly reason: ThreadConflictReason,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message, { code: "THREAD_CONFLICT" });
  }
}

/** The server cannot take the invocation now (503 with `Retry-After`): it is full or shutting down. */
export class UnavailableError extends GlassboxError {
  readonly status = 503;
  constructor(
    readonly reason: "Overloaded" | "ShuttingDown",
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message, { code: "SERVER_UNAVAILABLE" });
  }
}

/** A run that took longer than its time limit was stopped (504); its thread can be continued. */
export class RunTimeoutError extends GlassboxError {
  readonly status = 504;
  constructor(message: string) {
    super(message, { code: "RUN_TIMEOUT" });
  }
}
