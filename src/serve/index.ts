/** Serving an agent: the AgentCore Runtime HTTP contract, operability, and the pieces the Lambda handler shares. */
export type { AccessLogEntry, LogSink } from "./access-log.ts";
export { type ErrorResponse, errorResponse } from "./error-response.ts";
export {
  type Invocation,
  type InvocationResult,
  planRun,
  REQUEST_ID_ATTRIBUTE,
  runInvocation,
  streamInvocation,
  type WireEvent,
} from "./invocation.ts";
export {
  type FieldProblem,
  PayloadError,
  RequestRejectedError,
  RunTimeoutError,
  ThreadConflictError,
  UnavailableError,
} from "./invocation-errors.ts";
export {
  type InvocationPayload,
  InvocationPayloadSchema,
  parseInvocationPayload,
} from "./invocation-payload.ts";
export {
  loadAgentModule,
  type ServedAgentDefaults,
  type ServedAgentExport,
} from "./load-agent-module.ts";
export type { OriginPolicy } from "./origin-check.ts";
export type { PingResponse } from "./ping-status.ts";
export {
  checkpointerCheck,
  checkReadiness,
  modelEndpointCheck,
  type ReadinessCheck,
  type ReadinessReport,
} from "./readiness.ts";
export { MAX_PAYLOAD_BYTES } from "./request-body.ts";
export { AGENTCORE_REQUEST_ID_HEADER, REQUEST_ID_HEADER, SESSION_HEADER } from "./request-ids.ts";
export {
  type DrainReport,
  type RunningServer,
  type ServeOptions,
  ServeOptionsSchema,
  serve,
} from "./serve.ts";
