/**
 * Runs the local Bedrock in its own process so the benchmark's client side has the other core to itself.
 * Prints the server URL on stdout; an optional first argument adds that many ms of latency per request.
 *
 * The model counts what it is asked at the server: Converse calls, the tool results they carry (one per
 * tool call a runner made) and the distinct request shapes (system prompt, tool specs, question), so the
 * benchmark can check that every runner did the same work. `GET /bench/counts` returns the counts since
 * the last read and resets them.
 */
import { createReactPolicy, type LocalModelRequest, startLocalBedrock } from "../src/index.ts";

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
  pattern: /^\/v1\/traces$/,
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
process.stdout.write(`${server.url}\n`);
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
