import { resolve } from "node:path";
import { resolveConnection } from "../../model/connection.ts";
import { startDevServer } from "../../studio/dev-server.ts";
import { parseExporterSpec } from "../../telemetry/exporter-spec.ts";
import { numberFlag, parseFlags } from "../args.ts";
import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";

const FLAGS = {
  help: { type: "boolean", short: "h" },
  port: { type: "string" },
  host: { type: "string" },
  local: { type: "boolean" },
  endpoint: { type: "string" },
  "no-reload": { type: "boolean" },
  "studio-url": { type: "string" },
  "allow-origin": { type: "string", multiple: true },
  trace: { type: "string", multiple: true },
  "capture-content": { type: "boolean" },
} as const;

/**
 * The graphs' telemetry settings for `--trace` and `--capture-content`, as the environment variables
 * `telemetryFromEnv` reads in the dev server's process. Specs are checked here, paths made absolute.
 */
export function studioTraceEnv(
  traces: readonly string[],
  captureContent: boolean | undefined,
  cwd = process.cwd(),
): Record<string, string> {
  const specs = traces.map((text) => {
    const spec = parseExporterSpec(text);
    return spec.type === "jsonl" ? `jsonl=${resolve(cwd, spec.path)}` : text;
  });
  return {
    ...(specs.length ? { GLASSBOX_TRACE: specs.join(" ") } : {}),
    ...(captureContent ? { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" } : {}),
  };
}

/**
 * `glassbox studio` (`npm run studio`): the LangGraph dev server for the graphs in langgraph.json, on
 * an explicit port with analytics and LangSmith tracing off. Without AWS credentials (or with --local)
 * it starts the local Bedrock here and points the graphs at it. Runs until interrupted.
 */
export async function studioCommand(
  args: string[],
  io: CliIO,
  stop: Promise<unknown> = interrupted(),
): Promise<number> {
  const { values } = parseFlags("studio", args, FLAGS);
  if (values.help) {
    io.stdout(HELP.studio);
    return 0;
  }
  const port = numberFlag("port", values.port, { min: 1, max: 65535, integer: true }) ?? 2025;
  const traceEnv = studioTraceEnv(values.trace ?? [], values["capture-content"]);
  const connection = await resolveConnection({ local: values.local, endpoint: values.endpoint, env: io.env });
  if (connection.notice) io.stderr(`glassbox: ${connection.notice}\n`);
  try {
    io.stderr(`glassbox: starting the LangGraph dev server on port ${port}…\n`);
    const server = await startDevServer({
      port,
      host: values.host,
      endpoint: connection.endpoint,
      reload: !values["no-reload"],
      studioHost: values["studio-url"],
      allowOrigins: allowedOrigins(values["allow-origin"] ?? []),
      env: traceEnv,
      log: (line) => io.stderr(`${line}\n`),
    });
    io.stdout(`API     ${server.url}\nStudio  ${server.studioUrl}\n`);
    const exited = new Promise((done) => server.process.once("exit", done));
    await Promise.race([stop, exited]);
    await server.stop();
    return 0;
  } finally {
    await connection.local?.close();
  }
}

/** `--allow-origin` values as origins; a ConfigError-free usage error names the bad one. */
function allowedOrigins(values: string[]): string[] {
  return values.map((value) => {
    try {
      const url = new URL(value);
      if (url.protocol === "http:" || url.protocol === "https:") return url.origin;
    } catch {
      // reported below
    }
    throw new UsageError(`--allow-origin "${value}": expected an origin such as https://studio.example.com`);
  });
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}
