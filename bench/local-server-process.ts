/**
 * Runs the local Bedrock in its own process so the benchmark's client side has the other core to itself.
 * Prints the server URL on stdout; an optional first argument adds that many ms of latency per request.
 */
import { createReactPolicy, startLocalBedrock } from "../src/local/index.ts";

const latencyMs = Number(process.argv[2] ?? 0);
const server = await startLocalBedrock({
  model: createReactPolicy(),
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
process.stdout.write(`${server.url}\n`);
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
