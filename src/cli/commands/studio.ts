import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { resolveConnection } from "../../model/connection.ts";
import { type DevServer, startDevServer } from "../../studio/dev-server.ts";
import { parseTraceFile, TraceFileError } from "../../studio/shared/trace-model.ts";
import { SpanStore } from "../../studio/span-store.ts";
import { type StudioServer, startStudioServer } from "../../studio/studio-server.ts";
import { parseExporterSpec } from "../../telemetry/exporter-spec.ts";
import { setupTelemetry } from "../../telemetry/setup.ts";
import { createCheckpointer, parseCheckpointerSpec } from "../../threads/checkpointer.ts";
import { numberFlag, parseFlags } from "../args.ts";
import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";
import { projectStudioGraphs, type StudioGraphSet, shippedStudioGraphs } from "../studio-graphs.ts";
import { DEFAULT_CHECKPOINTER } from "../thread-agent.ts";

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
  "ui-port": { type: "string" },
  checkpointer: { type: "string" },
  "trace-file": { type: "string" },
  "evals-dir": { type: "string" },
  model: { type: "string" },
  "no-langgraph": { type: "boolean" },
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

/** Reads `--trace-file`: OTLP/JSON lines or one OTLP/JSON document; a bad line is a usage error naming it. */
export function readTraceFile(path: string) {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--trace-file ${path}: ${(error as Error).message}`);
  }
  try {
    return { path, spans: parseTraceFile(text) };
  } catch (error) {
    if (error instanceof TraceFileError) throw new UsageError(`--trace-file ${path}: ${error.message}`);
    throw error;
  }
}

/**
 * `glassbox studio` (`npm run studio`): Glassbox Studio (the web UI and its API on loopback, offline: graphs,
 * live runs, spans, threads and checkpoints, breakpoints and approvals, evaluations) on the thread store the
 * CLI uses, plus the LangGraph dev server for the graphs in langgraph.json (for LangGraph Studio) on an
 * explicit port with analytics and LangSmith tracing off. Without AWS credentials (or with --local) it
 * starts the local Bedrock here and points the graphs at it. Runs until interrupted.
 */
export async function studioCommand(args: string[], io: CliIO, stopWhen?: Promise<unknown>): Promise<number> {
  const { values } = parseFlags("studio", args, FLAGS);
  const stop = stopWhen ?? interrupted();
  if (values.help) {
    io.stdout(HELP.studio);
    return 0;
  }
  const port = numberFlag("port", values.port, { min: 1, max: 65535, integer: true }) ?? 2025;
  const uiPort = numberFlag("ui-port", values["ui-port"], { min: 0, max: 65535, integer: true });
  const traceEnv = studioTraceEnv(values.trace ?? [], values["capture-content"]);
  const storeSpec = values.checkpointer ?? io.env.GLASSBOX_CHECKPOINTER ?? DEFAULT_CHECKPOINTER;
  const spec = parseCheckpointerSpec(
    storeSpec,
    values.checkpointer ? "--checkpointer" : "GLASSBOX_CHECKPOINTER",
  );
  const traceFile = values["trace-file"] ? readTraceFile(values["trace-file"]) : undefined;
  if (values.host && !["127.0.0.1", "::1", "localhost"].includes(values.host))
    io.stderr(
      `glassbox: the Studio UI listens on loopback only; --host ${values.host} applies to the LangGraph dev server\n`,
    );
  const connection = await resolveConnection({ local: values.local, endpoint: values.endpoint, env: io.env });
  if (connection.notice) io.stderr(`glassbox: ${connection.notice}\n`);
  const spans = new SpanStore();
  const telemetry = setupTelemetry({
    env: io.env,
    serviceName: "glassbox-studio",
    exporters: (values.trace ?? []).map(parseExporterSpec),
    spanProcessors: [spans],
    captureContent: values["capture-content"] ?? false,
  });
  const store = await createCheckpointer(spec);
  let studio: StudioServer | undefined;
  let server: DevServer | undefined;
  let shipped: StudioGraphSet | undefined;
  try {
    shipped = await shippedStudioGraphs({
      saver: store.saver,
      telemetry,
      ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
      ...(values.model ? { modelId: values.model } : {}),
      env: io.env,
    });
    const graphs = [
      ...shipped.graphs,
      ...(await projectStudioGraphs(process.cwd(), store.saver, (message) =>
        io.stderr(`glassbox: ${message}\n`),
      )),
    ];
    const serve = (at: number) =>
      startStudioServer({
        graphs,
        saver: store.saver,
        storeName: storeSpec,
        spans,
        evalsDir: values["evals-dir"] ?? join(".glassbox", "evals"),
        ...(traceFile ? { traceFile } : {}),
        port: at,
      });
    studio = await serve(uiPort ?? port + 1).catch((error: NodeJS.ErrnoException) => {
      // The default port may be taken on a shared machine; an explicit one is the user's to choose.
      if (uiPort !== undefined || error.code !== "EADDRINUSE") throw error;
      io.stderr(`glassbox: port ${port + 1} is taken; the Studio UI takes a free port instead\n`);
      return serve(0);
    });
    if (!values["no-langgraph"]) {
      io.stderr(`glassbox: starting the LangGraph dev server on port ${port}…\n`);
      server = await startDevServer({
        port,
        host: values.host,
        endpoint: connection.endpoint,
        reload: !values["no-reload"],
        studioHost: values["studio-url"],
        allowOrigins: allowedOrigins(values["allow-origin"] ?? []),
        env: traceEnv,
        log: (line) => io.stderr(`${line}\n`),
      }).catch((error: Error) => {
        // An installed package has no LangGraph server (devDependencies): the offline UI still runs, and says so.
        if (!/LangGraph (CLI|API server) is not installed/.test(error.message)) throw error;
        io.stderr(
          `glassbox: the LangGraph dev server is not started (${error.message}); Glassbox Studio runs alone (--no-langgraph skips this)\n`,
        );
        return undefined;
      });
    }
    const ui = `UI      ${studio.url}  (Glassbox Studio, offline; threads: ${storeSpec})\n`;
    io.stdout(server ? `API     ${server.url}\nStudio  ${server.studioUrl}\n${ui}` : ui);
    const exited = server ? new Promise((done) => server?.process.once("exit", done)) : new Promise(() => {});
    await Promise.race([stop, exited]);
    return 0;
  } finally {
    await server?.stop();
    await studio?.close();
    shipped?.close();
    await store.close();
    await telemetry.shutdown({ timeoutMs: 3_000 });
    await connection.local?.close();
    // A project's graph module may hold servers of its own (its own local Bedrock): once Ctrl-C has
    // stopped everything Glassbox opened, the process ends rather than waiting on them.
    if (!stopWhen) setTimeout(() => process.exit(process.exitCode ?? 0), 1_000).unref();
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
