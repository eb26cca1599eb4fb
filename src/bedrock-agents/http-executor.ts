import { GlassboxError } from "../errors.ts";
import type { ActionGroupExecutor, ActionGroupParameter } from "./action-group-invocation.ts";

/** Options of {@link httpExecutor}. */
export interface HttpExecutorOptions {
  /** The service's base URL; the operation's path is appended to it (`https://claims.example.com/v1`). */
  baseUrl: string | URL;
  /** Headers sent with every request (an API key, a tenant); a header parameter of the same name wins. */
  headers?: Record<string, string>;
  /** The fetch to use (a proxy-aware one, a test's); default the global fetch. */
  fetch?: typeof fetch;
}

/** A parameter's value back in its declared type, for a JSON body. */
function typedValue(parameter: ActionGroupParameter): unknown {
  switch (parameter.type) {
    case "number":
    case "integer":
      return Number(parameter.value);
    case "boolean":
      return parameter.value === "true";
    case "array":
    case "object":
      return JSON.parse(parameter.value);
    default:
      return parameter.value;
  }
}

/** The values of an array parameter (sent as repeated query keys, OpenAPI's default form style). */
const valuesOf = (parameter: ActionGroupParameter): string[] =>
  parameter.type === "array"
    ? (JSON.parse(parameter.value) as unknown[]).map((value) =>
        typeof value === "string" ? value : JSON.stringify(value),
      )
    : [parameter.value];

/**
 * Runs an action group's OpenAPI operations as HTTP requests to your service: path parameters are
 * substituted (URL-encoded), query parameters appended (arrays as repeated keys), header parameters
 * sent as headers, and the request body's properties sent as a JSON object with their declared types.
 * The response's status and body text are the outcome the model reads (a status of 400 or more is an
 * error observation). The request is aborted with the call (its timeout, the run's cancellation).
 *
 * @example
 * ```ts
 * const tools = actionGroupTools(group, {
 *   executor: httpExecutor({ baseUrl: "https://claims.internal.example.com", headers: { "x-api-key": key } }),
 * });
 * ```
 */
export function httpExecutor(options: HttpExecutorOptions): ActionGroupExecutor {
  const base = String(options.baseUrl).replace(/\/+$/, "");
  const send = options.fetch ?? fetch;
  return async (invocation, _session, context) => {
    if (invocation.kind !== "api")
      throw new GlassboxError(
        `httpExecutor runs OpenAPI operations; ${invocation.actionGroup}.${invocation.function} is a function`,
        { code: "TOOL_FAILED" },
      );
    const locations = invocation.locations ?? {};
    const where = (parameter: ActionGroupParameter) =>
      locations[parameter.name] ?? (invocation.apiPath.includes(`{${parameter.name}}`) ? "path" : "query");
    let path = invocation.apiPath;
    const query = new URLSearchParams();
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    for (const parameter of invocation.parameters) {
      const location = where(parameter);
      if (location === "path")
        path = path.replaceAll(`{${parameter.name}}`, encodeURIComponent(parameter.value));
      else if (location === "header") headers[parameter.name.toLowerCase()] = parameter.value;
      else for (const value of valuesOf(parameter)) query.append(parameter.name, value);
    }
    const missing = path.match(/\{([^}]+)\}/);
    if (missing)
      throw new GlassboxError(
        `${invocation.httpMethod} ${invocation.apiPath}: no value for path parameter ${missing[1]}`,
        {
          code: "TOOL_FAILED",
        },
      );
    const properties = invocation.requestBody?.content["application/json"]?.properties;
    const body = properties
      ? JSON.stringify(
          Object.fromEntries(properties.map((property) => [property.name, typedValue(property)])),
        )
      : undefined;
    if (body !== undefined) headers["content-type"] = "application/json";
    const search = query.toString() ? `?${query}` : "";
    const response = await send(`${base}${path}${search}`, {
      method: invocation.httpMethod.toUpperCase(),
      headers,
      body,
      signal: context.signal,
    });
    return { body: await response.text(), httpStatusCode: response.status };
  };
}
