import { createServer, type IncomingHttpHeaders } from "node:http";

/** A request an OTLP receiver got. */
export interface OtlpRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A minimal OTLP/HTTP JSON receiver on loopback, standing in for a collector. */
export async function startOtlpReceiver(): Promise<{
  url: string;
  requests: OtlpRequest[];
  close(): Promise<void>;
}> {
  const requests: OtlpRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text so the test shows what arrived
    }
    requests.push({ path: req.url ?? "", headers: req.headers, body });
    res.writeHead(req.url === "/v1/traces" ? 200 : 404, { "content-type": "application/json" });
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
