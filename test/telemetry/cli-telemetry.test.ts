import { spawn } from "node:child_process";
import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { BIN, ensureBuilt } from "../helpers/build.ts";
import { runCli } from "../helpers/cli.ts";
import { startOtlpReceiver } from "../helpers/otlp-receiver.ts";
import { freePort } from "../helpers/ports.ts";

describe("glassbox run --trace otlp", () => {
  it("uses a full /v1/traces URL as given and logs JSON lines joined to the run's trace", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const { code, stderr } = await runCli([
        "run",
        "--local",
        "--trace",
        `otlp=${receiver.url}/v1/traces`,
        "--log-format",
        "json",
        "What is 2+2?",
      ]);
      expect(code).toBe(0);
      expect(receiver.requests.find((r) => r.signal === "traces")?.path).toBe("/v1/traces");
      // The base of the traces URL names the collector for metrics and logs.
      expect(new Set(receiver.requests.map((r) => r.path))).toEqual(
        new Set(["/v1/traces", "/v1/metrics", "/v1/logs"]),
      );
      const root = receiver.spans().find((span) => span.name === "invoke_agent tool_agent");
      const lines = stderr
        .trim()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line));
      const finished = lines.find((line) => line.msg === "run finished");
      expect(finished).toMatchObject({
        level: "info",
        logger: "glassbox.cli",
        trace_id: root?.traceId,
        span_id: root?.spanId,
        outcome: "answered",
      });
      // The same line went out as an OTLP log record, correlated with the root span.
      const record = receiver.logs().find((log) => log.body === "run finished");
      expect(record).toMatchObject({ traceId: root?.traceId, spanId: root?.spanId });
    } finally {
      await receiver.close();
    }
  });

  it("names a refused collector as an OTLP failure, not a Bedrock one, and keeps the run's exit code", async () => {
    const port = await freePort();
    const started = performance.now();
    const { code, stderr } = await runCli([
      "run",
      "--local",
      "--trace",
      `otlp=http://127.0.0.1:${port}`,
      "What is 2+2?",
    ]);
    expect(code).toBe(0);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(stderr).toContain(`OTLP traces export to http://127.0.0.1:${port}/v1/traces failed: ECONNREFUSED`);
    expect(stderr).not.toMatch(/cannot reach|Bedrock endpoint/);
  });

  it("exits within the flush deadline when the collector accepts connections and never answers", async () => {
    await ensureBuilt();
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = performance.now();
      const child = spawn(
        process.execPath,
        [BIN, "run", "--local", "--trace", `otlp=http://127.0.0.1:${port}`, "What is 2+2?"],
        {
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: "",
            AWS_PROFILE: "",
            OTEL_EXPORTER_OTLP_TIMEOUT: "60000",
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), 40_000);
        child.once("exit", (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      const seconds = (performance.now() - started) / 1000;
      expect(code, stderr).toBe(0);
      expect(stderr).toContain("telemetry export did not finish within 3 s");
      // Start-up (tsx) and the run take a few seconds; the flush adds at most its 3 s budget.
      expect(seconds).toBeLessThan(25);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 45_000);
});
