/** One invalid field of a request: its name (a dotted path, or a header name) and what was expected. */
export interface FieldProblem {
  name: string;
  message: string;
}

/**
 * An invocation the server cannot accept as sent (400): bad JSON, a payload that fails the schema, a
 * malformed session or request id. `fieldList` names every bad field, as AgentCore's ValidationException.
 */
export class PayloadError extends Error {
  override name = "PayloadError";
  readonly code = "ValidationException";
  readonly status = 400;
  constructor(readonly fieldList: FieldProblem[]) {
    super(fieldList.map((field) => `${field.name}: ${field.message}`).join("; "));
  }
}

/** Why a request was turned away before any agent code ran (403, 404, 405, 413, 415). */
export type RejectionCode =
  | "ForbiddenOrigin"
  | "ForbiddenHost"
  | "NotFound"
  | "MethodNotAllowed"
  | "PayloadTooLarge"
  | "UnsupportedMediaType";

const REJECTION_STATUS: Record<RejectionCode, number> = {
  ForbiddenOrigin: 403,
  ForbiddenHost: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
};

/** A request refused at the door: wrong path, method, media type, size, Host or Origin. */
export class RequestRejectedError extends Error {
  override name = "RequestRejectedError";
  readonly status: number;
  constructor(
    readonly code: RejectionCode,
    message: string,
    /** Extra response headers (`Allow` for 405). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = REJECTION_STATUS[code];
  }
}

/** What the thread is doing that does not fit the invocation (409). */
export type ThreadConflictCode =
  | "ThreadBusy"
  | "ThreadPaused"
  | "ThreadUnfinished"
  | "ThreadNotPaused"
  | "NothingToContinue"
  | "RequestIdReused"
  | "StatelessAgent";

/**
 * The thread is not in a state this invocation can act on: a run is in progress on it, it waits for
 * decisions, a run died mid-way (continue it), or there is nothing to resume. `paused` carries the calls
 * waiting for decisions, so the caller can answer them.
 */
export class ThreadConflictError extends Error {
  override name = "ThreadConflictError";
  readonly status = 409;
  constructor(
    readonly code: ThreadConflictCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The server cannot take the invocation now (503 with `Retry-After`): it is full or shutting down. */
export class UnavailableError extends Error {
  override name = "UnavailableError";
  readonly status = 503;
  constructor(
    readonly code: "Overloaded" | "ShuttingDown" | "NotReady",
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}

/** A run that took longer than the request timeout was stopped (504); its thread can be continued. */
export class RunTimeoutError extends Error {
  override name = "RunTimeoutError";
  readonly code = "RequestTimeout";
  readonly status = 504;
}
