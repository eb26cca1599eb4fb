import type { ServerResponse } from "node:http";
import type { Http2ServerResponse } from "node:http2";

/** Writes a 200 JSON answer as Bedrock does: `content-type`, `x-amzn-requestid`, `content-length`. */
export function sendJson(res: ServerResponse | Http2ServerResponse, body: unknown, requestId: string): void {
  const json = JSON.stringify(body);
  res.writeHead(200, {
    "content-type": "application/json",
    "x-amzn-requestid": requestId,
    "content-length": Buffer.byteLength(json),
  });
  res.end(json);
}
