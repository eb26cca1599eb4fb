import { readFile } from "node:fs/promises";
import type { HumanMessage } from "@langchain/core/messages";
import type { Agent } from "../../agent/create-agent.ts";
import type { RunEstimate } from "../../agent/estimate.ts";
import type { AgentResult } from "../../agent/events.ts";
import { type AgentFile, loadAgentFile } from "../../config/agent-file.ts";
import { userMessage } from "../../files/file-input.ts";
import { parseMcpFlag } from "../../mcp/mcp-config.ts";
import type { McpToolset } from "../../mcp/mcp-toolset.ts";
import { capabilitiesOf, DEFAULT_MODEL_ID } from "../../model/catalog.ts";
import { type Connection, resolveConnection } from "../../model/connection.ts";
import { parseExporterSpec } from "../../telemetry/exporter-spec.ts";
import { exportersFromEnv } from "../../telemetry/from-env.ts";
import { createLogger, type StructuredLogger } from "../../telemetry/logger.ts";
import { disabledTelemetry, setupTelemetry, type Telemetry } from "../../telemetry/setup.ts";
import { numberFlag, parseFlags } from "../args.ts";
import { explainError, UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";
import { createStepPrinter } from "../render.ts";
import { openShippedAgent, SHIPPED_AGENTS, type ShippedAgentName } from "../shipped-agents.ts";
import { didYouMean } from "../suggest.ts";

const FLAGS = {
  help: { type: "boolean", short: "h" },
  model: { type: "string" },
  local: { type: "boolean" },
  endpoint: { type: "string" },
  region: { type: "string" },
  profile: { type: "string" },
  config: { type: "string" },
  trace: { type: "string", multiple: true },
  "capture-content": { type: "boolean" },
  "telemetry-profile": { type: "string" },
  "log-format": { type: "string" },
  "max-steps": { type: "string" },
  "max-tokens": { type: "string" },
  "no-stream": { type: "boolean" },
  json: { type: "boolean" },
  guardrail: { type: "string" },
  agent: { type: "string" },
  mcp: { type: "string", multiple: true },
  "output-schema": { type: "string" },
  file: { type: "string", multiple: true },
  "dry-run": { type: "boolean" },
} as const;

/** `glassbox run "<question>"`: runs the tool agent and shows every step. */
export async function runCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags("run", args, FLAGS);
  if (values.help) {
    io.stdout(HELP.run);
    return 0;
  }
  const question = positionals.join(" ").trim();
  if (!question)
    throw new UsageError('run needs a question, e.g. glassbox run "What is 17% of 2,340 plus 12?"');
  const kind = values.agent ?? "tool";
  const names = Object.keys(SHIPPED_AGENTS);
  if (!names.includes(kind))
    throw new UsageError(`--agent expects ${names.join(" or ")}, got "${kind}"${didYouMean(kind, names)}`);
  const file: AgentFile = values.config ? await loadAgentFile(values.config) : {};
  const maxSteps = numberFlag("max-steps", values["max-steps"], { min: 1, max: 1000, integer: true });
  const maxTokens = numberFlag("max-tokens", values["max-tokens"], { min: 1, integer: true });
  const guardrail = values.guardrail ? await localGuardrail(values.guardrail) : undefined;
  const given = [...(file.telemetry?.exporters ?? []), ...(values.trace ?? [])].map(parseExporterSpec);
  const exporters = given.length ? given : exportersFromEnv(io.env);
  const outputSchema = values["output-schema"] ? await readJsonSchema(values["output-schema"]) : undefined;
  const telemetryProfile = values["telemetry-profile"] ?? file.telemetry?.profile ?? "auto";
  if (telemetryProfile !== "auto" && telemetryProfile !== "default" && telemetryProfile !== "agentcore")
    throw new UsageError(`--telemetry-profile expects auto, default or agentcore, got "${telemetryProfile}"`);
  const format = values["log-format"] ?? io.env.GLASSBOX_LOG_FORMAT ?? "text";
  if (format !== "text" && format !== "json")
    throw new UsageError(`--log-format expects text or json, got "${format}"`);

  const telemetry: Telemetry = exporters.length
    ? setupTelemetry({
        env: io.env,
        serviceName: file.telemetry?.serviceName,
        exporters,
        profile: telemetryProfile,
        ...(file.telemetry?.agentcore ? { agentcore: file.telemetry.agentcore } : {}),
        captureContent:
          values["capture-content"] ??
          file.telemetry?.captureContent ??
          io.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT === "true",
        consoleWrite: io.stderr,
      })
    : disabledTelemetry();
  const log = createLogger({ name: "glassbox.cli", format, write: io.stderr, telemetry });
  const endpoint = values.endpoint ?? file.model?.endpoint;
  const profile = values.profile ?? file.model?.profile;
  const connection = await resolveConnection({ local: values.local, endpoint, profile, env: io.env });
  if (connection.notice) log.info(connection.notice);
  if (telemetry.profile === "agentcore" && !telemetry.captureContent)
    log.warn(
      "agentcore profile without message content: AgentCore Evaluations needs the content events (pass --capture-content)",
    );
  const modelId = values.model ?? file.model?.modelId;
  let opened: Awaited<ReturnType<typeof openShippedAgent>> | undefined;
  let mcp: McpToolset | undefined;
  try {
    const servers = { ...file.mcpServers, ...Object.fromEntries((values.mcp ?? []).map(parseMcpFlag)) };
    // The MCP SDK loads only when a server is configured.
    if (Object.keys(servers).length)
      mcp = await (await import("../../mcp/mcp-toolset.ts")).connectMcpServers(servers, {
        env: io.env,
        onNotice: (message) => io.stderr(`glassbox: mcp: ${message}\n`),
      });
    const extraTools = mcp ? { extraTools: [mcp] } : {};
    const options = {
      ...(file.name ? { name: file.name } : {}),
      model: {
        ...file.model,
        ...(modelId ? { modelId } : {}),
        ...(values.region ? { region: values.region } : {}),
        ...(values.profile ? { profile: values.profile } : {}),
        ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
        streaming: !(values["no-stream"] || values.json) && (file.model?.streaming ?? true),
      },
      ...(file.systemPrompt ? { systemPrompt: file.systemPrompt } : {}),
      limits: { ...file.limits, ...(maxSteps ? { maxSteps } : {}), ...(maxTokens ? { maxTokens } : {}) },
      telemetry,
      ...(outputSchema ? { output: outputSchema } : {}),
    };
    opened = await openShippedAgent(kind as ShippedAgentName, {
      ...options,
      ...(guardrail ? { guardrail } : {}),
      ...extraTools,
      env: io.env,
    });
    const input = values.file?.length
      ? [await withFiles(question, values.file, modelId, !outputSchema)]
      : question;
    if (values["dry-run"]) {
      io.stdout(formatEstimate(await opened.agent.estimate(input)));
      return 0;
    }
    const result = await execute(
      opened.agent,
      input,
      { json: values.json ?? false, output: outputSchema !== undefined },
      io,
    );
    logResult(log, result, format === "json" || exporters.length > 0);
    return result.outcome === "answered" ? 0 : 1;
  } catch (error) {
    const explained = explainError(error, {
      modelId: modelId ?? file.model?.modelId,
      endpoint: connection.endpoint,
    });
    io.stderr(`glassbox: ${explained.message}\n`);
    // A script reading --json gets an answer on stdout either way.
    if (values.json) io.stdout(`${JSON.stringify(errorJson(error, explained), null, 2)}\n`);
    if (values.verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return explained.exitCode;
  } finally {
    await mcp?.close();
    await closeLocal(connection);
    opened?.close();
    await reportTelemetry(telemetry, log);
  }
}

/** One structured line per run, joined to its trace; text mode prints it only when tracing is on. */
function logResult(log: StructuredLogger, result: AgentResult, wanted: boolean): void {
  if (!wanted) return;
  log.info("run finished", {
    outcome: result.outcome,
    model_calls: result.metrics.modelCalls,
    input_tokens: result.metrics.inputTokens,
    output_tokens: result.metrics.outputTokens,
    cost_usd: result.costUsd,
    latency_ms: Math.round(result.latencyMs),
    thread_id: result.threadId,
    trace_id: result.trace?.traceId,
    span_id: result.trace?.spanId,
  });
}

/** Flushes telemetry within a few seconds and says what did not arrive; never fails the run for it. */
async function reportTelemetry(telemetry: Telemetry, log: StructuredLogger): Promise<void> {
  const { failures, timedOut } = await telemetry.shutdown({ timeoutMs: 3_000 });
  for (const failure of failures) {
    log.warn(`OTLP ${failure.signal} export to ${failure.url} failed: ${failure.reason}`, {
      dropped: failure.dropped,
    });
  }
  if (timedOut) log.warn("telemetry export did not finish within 3 s; the rest was dropped");
}

async function localGuardrail(file: string) {
  const [{ loadGuardrailConfig }, { LocalGuardrail }] = await Promise.all([
    import("../../guardrails/config.ts"),
    import("../../guardrails/local-guardrail.ts"),
  ]);
  return new LocalGuardrail(await loadGuardrailConfig(file));
}

/** A JSON Schema file for `--output-schema`; errors name the file. */
async function readJsonSchema(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`--output-schema ${path}: cannot read the file (${(error as Error).message})`);
  }
  try {
    const schema = JSON.parse(text) as unknown;
    if (!schema || typeof schema !== "object" || Array.isArray(schema)) throw new Error("not a JSON object");
    return schema as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(
      `--output-schema ${path}: expected a JSON Schema object (${(error as Error).message})`,
    );
  }
}

/** The question with `--file` attachments; citations are asked for where the model gives them. */
async function withFiles(
  question: string,
  files: string[],
  modelId: string | undefined,
  cite: boolean,
): Promise<HumanMessage> {
  const citations = cite && capabilitiesOf(modelId ?? DEFAULT_MODEL_ID).citations;
  return userMessage(question, { files, citations });
}

/** The `--dry-run` report: tokens and cost of the first call, and what was not counted. */
function formatEstimate(estimate: RunEstimate): string {
  const usd = (value: number | undefined) =>
    value === undefined ? "unknown (no price)" : `$${value.toFixed(6)}`;
  const how =
    estimate.counted === "count_tokens" ? "counted by Bedrock's CountTokens" : "estimated by Glassbox";
  return [
    `dry run: no model was called (${estimate.modelId})`,
    `input    ${estimate.inputTokens} tokens for the first call, ${how} · ${usd(estimate.inputCostUsd)}`,
    `output   at most ${estimate.maxOutputTokens} tokens · at most ${usd(estimate.maxOutputCostUsd)}`,
    "note     each further ReAct step re-sends the conversation; prompt caching (model.cache) lowers that",
    "",
  ].join("\n");
}

async function execute(
  agent: Pick<Agent, "invoke" | "stream">,
  question: string | HumanMessage[],
  mode: { json: boolean; output: boolean },
  io: CliIO,
): Promise<AgentResult> {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", onSignal);
  try {
    if (mode.json) {
      const result = await agent.invoke(question, { signal: controller.signal });
      const { messages: _messages, ...rest } = result;
      io.stdout(`${JSON.stringify(rest, null, 2)}\n`);
      return result;
    }
    // With an output schema the JSON answer is the program's output; the steps go to stderr.
    const printer = createStepPrinter(mode.output ? io.stderr : io.stdout);
    const stream = agent.stream(question, { signal: controller.signal });
    for await (const event of stream) {
      if (event.type === "done") {
        printer.result(event.result);
        if (mode.output && event.result.output !== undefined)
          io.stdout(`${JSON.stringify(event.result.output, null, 2)}\n`);
        return event.result;
      }
      printer.event(event);
    }
    throw new Error("the run ended without a result");
  } finally {
    process.off("SIGINT", onSignal);
  }
}

/** The `--json` output of a run that failed: no answer, the error's type and its one-line explanation. */
function errorJson(error: unknown, explained: { code: string; message: string }) {
  const failure = error as { attempts?: number; errorType?: string };
  return {
    outcome: "error",
    error: {
      code: explained.code,
      message: explained.message,
      ...(failure.errorType ? { errorType: failure.errorType } : {}),
      ...(failure.attempts !== undefined ? { attempts: failure.attempts } : {}),
    },
  };
}

async function closeLocal(connection: Connection): Promise<void> {
  await connection.local?.close();
}
