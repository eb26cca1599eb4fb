import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import type { FaultDecision } from "./faults.ts";

type Request = IncomingMessage | Http2ServerRequest;
type Response = ServerResponse | Http2ServerResponse;

/** What a route handler gets for one request. */
export interface RouteContext {
  req: Request;
  res: Response;
  params: string[];
  body: unknown;
  requestId: string;
  faults: FaultDecision;
}

/** One operation of the local Bedrock: `POST /model/{id}/converse`, later ApplyGuardrail, Retrieve... */
export interface Route {
  method: "GET" | "POST";
  pattern: RegExp;
  operation: string;
  handle(context: RouteContext): Promise<void>;
}
