import { checkRequest, guardedRequest, loopbackHosts } from "../http/origin-guard.ts";
import { RequestRejectedError } from "./invocation-errors.ts";
import { AGENTCORE_REQUEST_ID_HEADER, REQUEST_ID_HEADER, SESSION_HEADER } from "./request-ids.ts";

/** Which browsers may call the server, and under which host names it is reached. */
export interface OriginPolicy {
  /** Exact origins (`https://app.example.com`) whose pages may call the server. None by default. */
  allowedOrigins?: readonly string[];
  /**
   * Host names (optionally `name:port`) the server answers to. Default: any when it listens on all
   * interfaces (AgentCore, a load balancer), only loopback names when it listens on loopback, so a
   * DNS-rebinding page cannot reach a server on a developer's machine.
   */
  allowedHosts?: readonly string[];
}

const LOOPBACK_BIND = /^(127\.|::1$|localhost$)/;

type Headers = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Checks Host and Origin before anything else runs, with the guard Studio's dev server uses
 * (`src/http/origin-guard.ts`). A request without `Origin` (curl, SDKs, AgentCore, load balancers)
 * passes the origin check; a browser's cross-origin request passes only when its origin is listed.
 * Returns the CORS headers to add for a listed origin (none otherwise).
 */
export function checkOrigin(
  headers: Headers,
  policy: OriginPolicy,
  bindHost: string,
): Record<string, string> {
  const verdict = checkRequest(
    guardedRequest((name) => one(headers[name])),
    {
      hosts: policy.allowedHosts
        ? policy.allowedHosts.map((entry) => entry.toLowerCase())
        : LOOPBACK_BIND.test(bindHost)
          ? loopbackHosts()
          : "any",
      origins: [...(policy.allowedOrigins ?? [])],
    },
  );
  if (!verdict.allowed) {
    if (verdict.refused === "host")
      throw new RequestRejectedError(
        "ForbiddenHost",
        `Host "${(one(headers.host) ?? "").toLowerCase()}" is not one this server answers to`,
      );
    throw new RequestRejectedError(
      "ForbiddenOrigin",
      `requests from ${one(headers.origin) ?? "another site"} are not allowed; list it in allowedOrigins (--allow-origin) to let its pages call this server`,
    );
  }
  if (!verdict.origin) return {};
  return {
    "access-control-allow-origin": verdict.origin,
    vary: "Origin",
    "access-control-expose-headers": [SESSION_HEADER, AGENTCORE_REQUEST_ID_HEADER, REQUEST_ID_HEADER].join(
      ", ",
    ),
  };
}

/** The answer to a CORS preflight from a listed origin. */
export function preflightHeaders(cors: Record<string, string>): Record<string, string> {
  return {
    ...cors,
    "access-control-allow-methods": "POST, GET",
    "access-control-allow-headers": [
      "content-type",
      "accept",
      SESSION_HEADER,
      REQUEST_ID_HEADER,
      "traceparent",
      "tracestate",
    ].join(", "),
    "access-control-max-age": "600",
  };
}
