import { resolveConnection } from "../../model/connection.ts";
import { regionFromEnv } from "../../model/credentials.ts";
import { loadAgentModule } from "../../serve/load-agent-module.ts";
import { serve } from "../../serve/serve.ts";
import { parseExporterSpec } from "../../telemetry/exporter-spec.ts";
import { createLogger } from "../../telemetry/logger.ts";
import { disabledTelemetry, setupTelemetry } from "../../telemetry/setup.ts";
import { createCheckpointer, parseCheckpointerSpec } from "../../threads/checkpointer.ts";
import { numberFlag, parseFlags } from "../args.ts";
import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";
import { DEFAULT_CHECKPOINTER } from "../thread-agent.ts";

const FLAGS = {
  help: { type: "boolean", short: "h" },
  agent: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  checkpointer: { type: "string" },
  local: { type: "boolean" },
  endpoint: { type: "string" },
  region: { type: "string" },
  profile: { type: "string" },
  "max-concurrency": { type: "string" },
  "drain-timeout": { type: "string" },
  "allow-origin": { type: "string", multiple: true },
  "allow-host": { type: "string", multiple: true },
  trace: { type: "string", multiple: true },
  "log-pings": { type: "boolean" },
} as const;

/**
 * `glassbox serve --agent <module:export>`: serves the agent over the AgentCore Runtime HTTP contract
 * until SIGTERM or SIGINT, then drains (in-flight runs finish within --drain-timeout, the rest stop at
 * their last checkpoint) and closes the thread store.
 */
export async function serveCommand(
  args: string[],
  io: CliIO,
  stop: Promise<unknown> = interrupted(),
): Promise<number> {
  const { values } = parseFlags("serve", args, FLAGS);
  if (values.help) {
    io.stdout(HELP.serve);
    return 0;
  }
  const spec = values.agent ?? io.env.GLASSBOX_AGENT;
  if (!spec)
    throw new UsageError(
      "serve needs --agent <module>:<export>, e.g. --agent graphs/tool-agent.ts:createToolAgent (or set GLASSBOX_AGENT)",
    );
  const port = numberFlag("port", values.port ?? io.env.PORT, { min: 0, max: 65535, integer: true }) ?? 8080;
  const maxConcurrency = numberFlag("max-concurrency", values["max-concurrency"], { min: 1, integer: true });
  const drainSeconds = numberFlag("drain-timeout", values["drain-timeout"], { min: 0 });
  // The thread store chat, thread and studio use, so a served conversation can be read and debugged there.
  const checkpointerText = values.checkpointer ?? io.env.GLASSBOX_CHECKPOINTER ?? DEFAULT_CHECKPOINTER;
  const checkpointerSpec = parseCheckpointerSpec(
    checkpointerText,
    values.checkpointer
      ? "--checkpointer"
      : io.env.GLASSBOX_CHECKPOINTER
        ? "GLASSBOX_CHECKPOINTER"
        : "checkpointer",
  );
  const exporters = (values.trace ?? []).map(parseExporterSpec);
  const telemetry = exporters.length ? setupTelemetry({ exporters }) : disabledTelemetry();
  // One JSON logger for the access log and the server's own lines, each joined to its trace.
  const log = createLogger({ name: "glassbox.serve", format: "json", write: io.stderr, telemetry });
  if (checkpointerSpec.kind === "memory")
    log.warn(
      "threads are kept in this process's memory: they do not survive a restart and no other worker sees them; pass --checkpointer postgres://… to share them",
    );
  const connection = await resolveConnection({ local: values.local, endpoint: values.endpoint, env: io.env });
  if (connection.notice) log.info(connection.notice);
  const checkpointer = await createCheckpointer(checkpointerSpec);
  try {
    const agent = await loadAgentModule(
      spec,
      {
        checkpointer: checkpointer.saver,
        model: {
          ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
          ...(values.region ? { region: values.region } : {}),
          ...(values.profile ? { profile: values.profile } : {}),
        },
        ...(exporters.length ? { telemetry } : {}),
      },
      {
        injected: [
          ...(values.checkpointer || io.env.GLASSBOX_CHECKPOINTER ? ["--checkpointer"] : []),
          ...(values.endpoint ? ["--endpoint"] : values.local ? ["--local"] : []),
          ...(exporters.length ? ["--trace"] : []),
        ],
      },
    );
    const region = values.region ?? regionFromEnv(io.env);
    const modelEndpoint =
      connection.endpoint ?? (region ? `https://bedrock-runtime.${region}.amazonaws.com` : undefined);
    const server = await serve(agent, {
      port,
      host: values.host ?? io.env.GLASSBOX_HOST ?? "127.0.0.1",
      ...(maxConcurrency ? { maxConcurrency } : {}),
      ...(drainSeconds !== undefined ? { drainTimeoutMs: Math.round(drainSeconds * 1000) } : {}),
      ...(values["allow-origin"] ? { allowedOrigins: values["allow-origin"] } : {}),
      ...(values["allow-host"] ? { allowedHosts: values["allow-host"] } : {}),
      ...(modelEndpoint ? { modelEndpoint } : {}),
      ...(values["log-pings"] ? { logPings: true } : {}),
      ...(exporters.length ? { telemetry } : {}),
      logger: log,
    });
    log.info("listening", {
      url: server.url,
      host: server.host,
      port: server.port,
      agent: agent.name,
      checkpointer: checkpointerSpec.kind,
    });
    const signal = await stop;
    log.info("stopping", { signal: typeof signal === "string" ? signal : "stop" });
    await server.drain();
    return 0;
  } finally {
    await checkpointer.close();
    await telemetry.shutdown();
    await connection.local?.close();
  }
}

function interrupted(): Promise<string> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
}
