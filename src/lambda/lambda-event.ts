import { z } from "zod";

const Headers = z.record(z.string(), z.string().optional()).nullish();

/** API Gateway REST API (and HTTP API payload 1.0) proxy event: the fields the handler reads. */
export const ApiGatewayV1EventSchema = z.looseObject({
  httpMethod: z.string(),
  path: z.string(),
  headers: Headers,
  multiValueHeaders: z.record(z.string(), z.array(z.string()).optional()).nullish(),
  body: z.string().nullish(),
  isBase64Encoded: z.boolean().optional(),
  requestContext: z.looseObject({ requestId: z.string().optional() }).optional(),
});

/** HTTP API payload 2.0 and Lambda function URL event (the same format). */
export const HttpV2EventSchema = z.looseObject({
  version: z.literal("2.0"),
  rawPath: z.string(),
  headers: Headers,
  body: z.string().nullish(),
  isBase64Encoded: z.boolean().optional(),
  requestContext: z.looseObject({
    requestId: z.string().optional(),
    http: z.looseObject({ method: z.string(), path: z.string().optional() }),
  }),
});

/** An HTTP request as the handler sees it, whichever front door carried it. */
export interface LambdaHttpRequest {
  /** `v1` (REST API, HTTP API 1.0) or `v2` (HTTP API 2.0, function URL): the response shape follows. */
  format: "v1" | "v2";
  method: string;
  path: string;
  /** Lower-case names; repeated headers joined with commas. */
  headers: Record<string, string>;
  body: Buffer;
  /** API Gateway's or the function URL's request id. */
  requestId?: string;
}

/**
 * Reads an API Gateway or function URL event into one request shape; undefined when the event is not
 * an HTTP event (a direct `Invoke` with the payload itself).
 */
export function httpRequestOf(event: unknown): LambdaHttpRequest | undefined {
  const v2 = HttpV2EventSchema.safeParse(event);
  if (v2.success) {
    const e = v2.data;
    return {
      format: "v2",
      method: e.requestContext.http.method.toUpperCase(),
      path: e.rawPath,
      headers: lowerCase(e.headers ?? {}),
      body: bodyOf(e.body, e.isBase64Encoded),
      ...(e.requestContext.requestId ? { requestId: e.requestContext.requestId } : {}),
    };
  }
  const v1 = ApiGatewayV1EventSchema.safeParse(event);
  if (v1.success) {
    const e = v1.data;
    const headers = lowerCase(e.headers ?? {});
    for (const [name, values] of Object.entries(e.multiValueHeaders ?? {}))
      if (values?.length) headers[name.toLowerCase()] = values.join(",");
    return {
      format: "v1",
      method: e.httpMethod.toUpperCase(),
      path: e.path,
      headers,
      body: bodyOf(e.body, e.isBase64Encoded),
      ...(e.requestContext?.requestId ? { requestId: e.requestContext.requestId } : {}),
    };
  }
  return undefined;
}

function lowerCase(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

function bodyOf(body: string | null | undefined, base64: boolean | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  return base64 ? Buffer.from(body, "base64") : Buffer.from(body, "utf8");
}
