/**
 * Runs the local Bedrock in its own process so the benchmark's client side has the other core to itself.
 * Prints the server URL on stdout; an optional first argument adds that many ms of latency per request.
 */
import { createServer } from "node:http";
import { createReactPolicy, startLocalBedrock } from "../src/local/index.ts";

const latencyMs = Number(process.argv[2] ?? 0);
const server = await startLocalBedrock({
  model: createReactPolicy(),
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
process.stdout.write(`${server.url}\nhttp://127.0.0.1:${port}\n`);
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
