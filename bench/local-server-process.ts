/**
 * Runs the local Bedrock in its own process so the benchmark's client side has the other core to itself.
 * Prints the server URL on stdout; an optional first argument adds that many ms of latency per request.
 *
 * The model counts what it is asked at the server: Converse calls, the tool results they carry (one per
 * tool call a runner made) and the distinct request shapes (system prompt, tool specs, question), so the
 * benchmark can check that every runner did the same work. `GET /bench/counts` returns the counts since
 * the last read and resets them.
 *
 * With a second argument `barrier` the URL is a small proxy in front of it that can hold Converse requests
 * until N are waiting (`POST /bench/barrier?n=N`, `GET /bench/pending`, `POST /bench/release`), so a
 * memory measurement can see N runs in flight at the same point.
 */
import { Agent, createServer, request } from "node:http";
import { createReactPolicy, type LocalModelRequest, startLocalBedrock } from "../src/local/index.ts";

const latencyMs = Number(process.argv[2] ?? 0);
const policy = createReactPolicy();
let counts = { converse: 0, toolResults: 0, shapes: new Set<string>() };

/** What must be the same for every runner: system text, tool specs and the user's question. */
function shapeOf(request: LocalModelRequest): string {
  const system = (request.system ?? []).flatMap((block) => (block.text ? [block.text] : []));
  const tools = (request.toolConfig?.tools ?? []).flatMap((tool) =>
    tool.toolSpec ? [{ name: tool.toolSpec.name, description: tool.toolSpec.description }] : [],
  );
  const first = request.messages[0]?.content.flatMap((block) =>
    "text" in block && typeof block.text === "string" ? [block.text] : [],
  );
  return JSON.stringify({ system, tools, question: first });
}

const server = await startLocalBedrock({
  model: (request) => {
    counts.converse++;
    for (const message of request.messages.slice(-1))
      for (const block of message.content) if ("toolResult" in block) counts.toolResults++;
    counts.shapes.add(shapeOf(request));
    return policy(request);
  },
  faults: latencyMs ? { latencyMs } : undefined,
});
// An OTLP/HTTP sink, so traced runs export spans the way they would to a collector.
server.addRoute({
  method: "POST",
  pattern: /^\/v1\/(traces|metrics|logs)$/,
  operation: "OtlpSink",
  async handle({ res }) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  },
});
server.addRoute({
  method: "GET",
  pattern: /^\/bench\/counts$/,
  operation: "BenchCounts",
  async handle({ res }) {
    const body = JSON.stringify({ ...counts, shapes: [...counts.shapes] });
    counts = { converse: 0, toolResults: 0, shapes: new Set() };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  },
});
// A plain OTLP/HTTP sink for any encoding (the local Bedrock's routes parse JSON bodies): the telemetry benchmark's.
const sink = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(/^\/v1\/(traces|metrics|logs)$/.test(req.url ?? "") ? 200 : 404, {
      "content-type": "application/json",
    });
    res.end("{}");
  });
});
await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
const { port } = sink.address() as { port: number };
const url = process.argv[3] === "barrier" ? await barrierProxy(server.url) : server.url;
process.stdout.write(`${url}\nhttp://127.0.0.1:${port}\n`);
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));

/** A proxy to `target` that holds Converse requests while a barrier is armed. */
async function barrierProxy(target: string): Promise<string> {
  const upstream = new URL(target);
  // A bounded pool to the local Bedrock: released requests queue here instead of flooding its accept
  // queue, so a run that fails fails on its own client's side, not on the proxy's.
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let barrier = 0;
  const held: Array<() => void> = [];
  const reply = (res: import("node:http").ServerResponse, body: unknown) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const proxy = createServer((req, res) => {
    const url = req.url ?? "/";
    if (url === "/bench/pending") return reply(res, { pending: held.length });
    if (req.method === "POST" && url.startsWith("/bench/barrier")) {
      barrier = Number(new URL(url, "http://local").searchParams.get("n") ?? 0);
      return reply(res, { barrier });
    }
    if (req.method === "POST" && url === "/bench/release") {
      barrier = 0;
      for (const forward of held.splice(0)) forward();
      return reply(res, { released: true });
    }
    const forward = () => {
      const up = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: url,
          headers: req.headers,
          agent,
        },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        },
      );
      up.on("error", () => res.destroy());
      req.pipe(up);
    };
    if (barrier && /\/converse/.test(url)) held.push(forward);
    else forward();
  });
  proxy.keepAliveTimeout = 65_000;
  proxy.maxConnections = 30_000;
  await new Promise<void>((resolve) => proxy.listen({ port: 0, host: "127.0.0.1", backlog: 8192 }, resolve));
  const address = proxy.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}
