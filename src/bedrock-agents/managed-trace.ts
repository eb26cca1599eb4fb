import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { ConfigError } from "../config/config-error.ts";
import type { ToolCall } from "../evals/evaluator.ts";
import { actionGroupToolNaming, type ManagedToolNaming } from "./managed-tool-names.ts";
import {
  type BlobSchema,
  EVENT_MEMBERS,
  RecordingSchema,
  type RetrievedReference,
  STREAM_EXCEPTIONS,
  type StreamEvent,
  StreamEventSchema,
  type TraceParameter,
} from "./managed-trace-schema.ts";

/** A recorded managed-agent run: the question and the stream's events, validated. */
export interface ManagedRecording {
  inputText: string;
  sessionId?: string;
  agentId?: string;
  agentAliasId?: string;
  source?: string;
  events: StreamEvent[];
}

/** A passage a knowledge-base lookup returned. */
export interface ManagedReference {
  text: string;
  uri?: string;
}

/** One step of the managed agent's trajectory, in stream order. */
export type ManagedStep =
  | { kind: "rationale"; text: string }
  | { kind: "preprocessing"; valid?: boolean; rationale?: string }
  | {
      kind: "action";
      tool: string;
      actionGroup: string;
      apiPath?: string;
      httpMethod?: string;
      function?: string;
      /** Path, query and header parameters, and request-body properties, with their declared types applied. */
      args: Record<string, unknown>;
      parameters: TraceParameter[];
      requestBody?: Record<string, TraceParameter[]>;
    }
  | { kind: "knowledge_base"; knowledgeBaseId: string; query: string }
  | { kind: "collaborator"; name: string; input?: string }
  | { kind: "code"; code: string }
  | { kind: "custom_orchestration"; text: string }
  | {
      kind: "observation";
      source: "action_group" | "knowledge_base" | "final_response" | "reprompt" | "collaborator" | "code";
      text: string;
      references?: ManagedReference[];
    }
  | { kind: "return_control"; invocationId?: string; tools: string[] }
  | { kind: "guardrail"; action: "INTERVENED" | "NONE"; policies: string[] }
  | { kind: "postprocessing"; text: string }
  | { kind: "files"; names: string[] }
  | { kind: "failure"; reason: string; code?: number };

/** What the managed agent did, in the terms a comparison needs. */
export interface ManagedTrajectory {
  question: string;
  sessionId?: string;
  agentId?: string;
  steps: ManagedStep[];
  /** Action-group calls (run by a Lambda or returned to the caller), named as Glassbox tools. */
  toolCalls: ToolCall[];
  knowledgeBaseQueries: Array<{ knowledgeBaseId: string; query: string }>;
  /** The answer the user got: the chunks' text, else the last final response. */
  answer: string;
  /** Set when the run failed (a failure trace or a stream exception). */
  failure?: { reason: string; code?: number };
  guardrailIntervened: boolean;
  usage: { inputTokens: number; outputTokens: number };
}

/** Options for reading a recording. */
export interface ReadRecordingOptions {
  /** The question, for a bare events array or JSONL (a recording file carries its own). */
  question?: string;
  sessionId?: string;
}

const EVENT_LIST = EVENT_MEMBERS.filter((name) => !name.endsWith("Exception")).join(", ");

/** Validates one stream event, naming the event (`where`) and the field that is wrong. */
function parseEvent(raw: unknown, where: string): StreamEvent {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new ConfigError(
      `${where}: expected an InvokeAgent stream event (an object with one of ${EVENT_LIST})`,
    );
  const keys = Object.keys(raw).filter((key) => (raw as Record<string, unknown>)[key] !== undefined);
  const members = keys.filter((key) => (EVENT_MEMBERS as readonly string[]).includes(key));
  if (members.length !== 1) {
    const bare = ["orchestrationTrace", "preProcessingTrace", "postProcessingTrace", "failureTrace"].find(
      (k) => keys.includes(k),
    );
    const hint = bare
      ? ` (this looks like a bare Trace object, as the console shows it: wrap it as {"trace": {"trace": {"${bare}": ...}}})`
      : "";
    throw new ConfigError(
      `${where}: not an InvokeAgent stream event: expected exactly one of ${EVENT_LIST} (or a stream exception), got ${keys.length ? keys.map((k) => `"${k}"`).join(", ") : "no fields"}${hint}`,
    );
  }
  const parsed = StreamEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    throw new ConfigError(`${where}.${issue.path.map(String).join(".")}: ${issue.message}`);
  }
  const bytes = parsed.data.chunk?.bytes;
  if (bytes !== undefined)
    try {
      decodeBlob(bytes);
    } catch (error) {
      throw new ConfigError(`${where}.chunk.${(error as Error).message}`);
    }
  return parsed.data as StreamEvent;
}

/**
 * Parses a recording's text: a recording object (`{ inputText, sessionId?, agentId?, events }`), a
 * JSON array of events, or JSONL (one event per line). Every problem names the event (or line) and
 * the field.
 */
export function parseRecording(
  text: string,
  source = "recording",
  options: ReadRecordingOptions = {},
): ManagedRecording {
  let whole: unknown;
  let wholeError: Error | undefined;
  try {
    whole = JSON.parse(text);
  } catch (error) {
    wholeError = error as Error;
  }
  const bare = (events: StreamEvent[]): ManagedRecording => {
    if (!options.question)
      throw new ConfigError(
        `${source}: a bare list of events does not say the question: pass --question, or write the recording as { "inputText": "...", "events": [...] }`,
      );
    return {
      inputText: options.question,
      ...(options.sessionId ? { sessionId: options.sessionId } : sessionOf(events)),
      events,
    };
  };
  if (wholeError === undefined) {
    if (Array.isArray(whole)) return bare(whole.map((raw, i) => parseEvent(raw, `${source}: events[${i}]`)));
    if (typeof whole === "object" && whole !== null && "events" in whole) {
      const parsed = RecordingSchema.safeParse(whole);
      if (!parsed.success) {
        const issue = parsed.error.issues[0] as z.core.$ZodIssue;
        throw new ConfigError(`${source}: ${issue.path.map(String).join(".") || "(file)"}: ${issue.message}`);
      }
      const { events, ...rest } = parsed.data;
      const parsedEvents = events.map((raw, i) => parseEvent(raw, `${source}: events[${i}]`));
      return {
        ...rest,
        ...(rest.sessionId ? {} : sessionOf(parsedEvents)),
        events: parsedEvents,
      };
    }
  }
  const lines = text.split("\n");
  const events: StreamEvent[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new ConfigError(
        `${source}:${index + 1}: not valid JSON (${(error as Error).message}); a recording is one JSON document or JSONL, one stream event per line`,
      );
    }
    events.push(parseEvent(raw, `${source}:${index + 1}`));
  });
  if (!events.length) throw new ConfigError(`${source}: the recording has no events`);
  return bare(events);
}

/** Reads a recording file (see {@link parseRecording}). */
export async function readRecording(
  path: string,
  options: ReadRecordingOptions = {},
): Promise<ManagedRecording> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the recording (${(error as Error).message})`);
  }
  return parseRecording(text, path, options);
}

function sessionOf(events: StreamEvent[]): { sessionId?: string } {
  const id = events.find((event) => event.trace?.sessionId)?.trace?.sessionId;
  return id ? { sessionId: id } : {};
}

/** Decodes a blob in any of the shapes {@link BlobSchema} accepts, as UTF-8 text. */
export function decodeBlob(blob: z.output<typeof BlobSchema>): string {
  if (Array.isArray(blob)) return Buffer.from(blob).toString("utf8");
  if (typeof blob === "object") {
    const bytes = Object.keys(blob)
      .map(Number)
      .sort((a, b) => a - b)
      .map((i) => blob[String(i)] as number);
    return Buffer.from(bytes).toString("utf8");
  }
  const python = /^b(['"])([\s\S]*)\1$/.exec(blob);
  if (python) return Buffer.from(pythonBytes(python[2] as string)).toString("utf8");
  if (blob.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(blob))
    return Buffer.from(blob, "base64").toString("utf8");
  throw new ConfigError(
    `bytes: expected base64 text, a serialized Uint8Array ({"0": ...}), a byte array or a Python bytes literal (b'...'), got "${blob.slice(0, 40)}"`,
  );
}

/** The bytes of a Python bytes literal's body (`\xNN`, `\n`, `\t`, `\r`, `\\`, `\'`, `\"`). */
function pythonBytes(body: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== "\\") {
      out.push(...Buffer.from(char, "utf8"));
      continue;
    }
    const next = body[++i];
    if (next === "x") {
      out.push(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else
      out.push(({ n: 10, t: 9, r: 13 } as Record<string, number>)[next ?? ""] ?? (next ?? "").charCodeAt(0));
  }
  return out;
}

/** A parameter's value with its declared type applied (Bedrock sends every value as a string). */
function typedValue(parameter: TraceParameter): unknown {
  const { type, value } = parameter;
  if (type === "integer" || type === "number") {
    const number = Number(value);
    return value.trim() !== "" && Number.isFinite(number) ? number : value;
  }
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  if (type === "array" || type === "object") {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

type ContentMap = Record<string, TraceParameter[] | { properties: TraceParameter[] }>;

function bodyOf(content: ContentMap | undefined): Record<string, TraceParameter[]> | undefined {
  if (!content) return undefined;
  return Object.fromEntries(
    Object.entries(content).map(([type, list]) => [type, Array.isArray(list) ? list : list.properties]),
  );
}

function argsOf(parameters: TraceParameter[], body?: Record<string, TraceParameter[]>) {
  const all = [...parameters, ...Object.values(body ?? {}).flat()];
  return Object.fromEntries(all.map((parameter) => [parameter.name, typedValue(parameter)]));
}

const referenceOf = (reference: RetrievedReference): ManagedReference => {
  const uri = reference.location?.s3Location?.uri ?? reference.location?.webLocation?.url;
  return { text: reference.content?.text ?? "", ...(uri ? { uri } : {}) };
};

/** Options of {@link managedTrajectory}. */
export interface ManagedTrajectoryOptions {
  /** How action-group operations are named as Glassbox tools (default {@link actionGroupToolNaming}). */
  toolNaming?: ManagedToolNaming;
}

/**
 * The managed agent's trajectory: its steps in stream order (rationale, action-group calls, knowledge-base
 * lookups, observations, return of control, guardrail interventions, failures), its tool calls named as
 * Glassbox tools, its knowledge-base queries and the answer the user got.
 *
 * @example
 * ```ts
 * const trajectory = managedTrajectory(await readRecording("traces/order-status.json"));
 * console.log(trajectory.toolCalls, trajectory.answer);
 * ```
 */
export function managedTrajectory(
  recording: ManagedRecording,
  options: ManagedTrajectoryOptions = {},
): ManagedTrajectory {
  const naming = options.toolNaming ?? actionGroupToolNaming();
  const steps: ManagedStep[] = [];
  const toolCalls: ToolCall[] = [];
  const knowledgeBaseQueries: ManagedTrajectory["knowledgeBaseQueries"] = [];
  const usage = { inputTokens: 0, outputTokens: 0 };
  let chunks = "";
  let finalResponse = "";
  let failure: ManagedTrajectory["failure"];
  const addUsage = (metadata?: { usage?: { inputTokens?: number; outputTokens?: number } }) => {
    usage.inputTokens += metadata?.usage?.inputTokens ?? 0;
    usage.outputTokens += metadata?.usage?.outputTokens ?? 0;
  };
  const call = (
    operation: { actionGroup: string; apiPath?: string; httpMethod?: string; function?: string },
    parameters: TraceParameter[],
    requestBody?: Record<string, TraceParameter[]>,
  ) => {
    const tool = naming(operation);
    const args = argsOf(parameters, requestBody);
    toolCalls.push({ tool, args });
    return { tool, args };
  };

  recording.events.forEach((event, index) => {
    if (event.chunk) {
      if (event.chunk.bytes !== undefined) {
        try {
          chunks += decodeBlob(event.chunk.bytes);
        } catch (error) {
          throw new ConfigError(`events[${index}].chunk.${(error as Error).message}`);
        }
      }
      return;
    }
    if (event.returnControl) {
      const tools = event.returnControl.invocationInputs.flatMap((input) => {
        if (input.apiInvocationInput) {
          const api = input.apiInvocationInput;
          return [
            call(
              { actionGroup: api.actionGroup, apiPath: api.apiPath, httpMethod: api.httpMethod },
              api.parameters ?? [],
              bodyOf(api.requestBody?.content),
            ).tool,
          ];
        }
        if (input.functionInvocationInput) {
          const fn = input.functionInvocationInput;
          return [call({ actionGroup: fn.actionGroup, function: fn.function }, fn.parameters ?? []).tool];
        }
        return [];
      });
      steps.push({
        kind: "return_control",
        ...(event.returnControl.invocationId ? { invocationId: event.returnControl.invocationId } : {}),
        tools,
      });
      return;
    }
    if (event.files) {
      steps.push({ kind: "files", names: (event.files.files ?? []).map((file) => file.name ?? "(unnamed)") });
      return;
    }
    const exception = STREAM_EXCEPTIONS.find((name) => event[name]);
    if (exception) {
      failure = { reason: `${exception}: ${event[exception]?.message ?? "(no message)"}` };
      steps.push({ kind: "failure", ...failure });
      return;
    }
    const trace = event.trace?.trace;
    if (!trace) return;
    const orchestration = trace.orchestrationTrace ?? trace.routingClassifierTrace;
    if (orchestration) {
      addUsage(orchestration.modelInvocationOutput?.metadata);
      if (orchestration.rationale) steps.push({ kind: "rationale", text: orchestration.rationale.text });
      const input = orchestration.invocationInput;
      if (input?.actionGroupInvocationInput) {
        const ag = input.actionGroupInvocationInput;
        const operation = {
          actionGroup: ag.actionGroupName,
          ...(ag.apiPath !== undefined ? { apiPath: ag.apiPath } : {}),
          ...(ag.verb !== undefined ? { httpMethod: ag.verb.toUpperCase() } : {}),
          ...(ag.function !== undefined ? { function: ag.function } : {}),
        };
        const requestBody = bodyOf(ag.requestBody?.content);
        const parameters = ag.parameters ?? [];
        const { tool, args } = call(operation, parameters, requestBody);
        steps.push({
          kind: "action",
          tool,
          ...operation,
          args,
          parameters,
          ...(requestBody ? { requestBody } : {}),
        });
      }
      if (input?.knowledgeBaseLookupInput) {
        const { knowledgeBaseId, text } = input.knowledgeBaseLookupInput;
        knowledgeBaseQueries.push({ knowledgeBaseId, query: text });
        steps.push({ kind: "knowledge_base", knowledgeBaseId, query: text });
      }
      if (input?.agentCollaboratorInvocationInput) {
        const collaborator = input.agentCollaboratorInvocationInput;
        steps.push({
          kind: "collaborator",
          name: collaborator.agentCollaboratorName ?? "(unnamed)",
          ...(collaborator.input?.text ? { input: collaborator.input.text } : {}),
        });
      }
      if (input?.codeInterpreterInvocationInput)
        steps.push({ kind: "code", code: input.codeInterpreterInvocationInput.code ?? "" });
      const observation = orchestration.observation;
      if (observation?.actionGroupInvocationOutput)
        steps.push({
          kind: "observation",
          source: "action_group",
          text: observation.actionGroupInvocationOutput.text ?? "",
        });
      if (observation?.knowledgeBaseLookupOutput) {
        const references = (observation.knowledgeBaseLookupOutput.retrievedReferences ?? []).map(referenceOf);
        steps.push({
          kind: "observation",
          source: "knowledge_base",
          text: `${references.length} reference${references.length === 1 ? "" : "s"}`,
          references,
        });
      }
      if (observation?.repromptResponse)
        steps.push({
          kind: "observation",
          source: "reprompt",
          text: observation.repromptResponse.text ?? "",
        });
      if (observation?.agentCollaboratorInvocationOutput)
        steps.push({
          kind: "observation",
          source: "collaborator",
          text: observation.agentCollaboratorInvocationOutput.output?.text ?? "",
        });
      if (observation?.codeInterpreterInvocationOutput) {
        const code = observation.codeInterpreterInvocationOutput;
        steps.push({
          kind: "observation",
          source: "code",
          text: code.executionError ?? code.executionOutput ?? "",
        });
      }
      if (observation?.finalResponse) {
        finalResponse = observation.finalResponse.text ?? "";
        steps.push({ kind: "observation", source: "final_response", text: finalResponse });
      }
      return;
    }
    if (trace.preProcessingTrace) {
      const output = trace.preProcessingTrace.modelInvocationOutput;
      addUsage(output?.metadata);
      if (output?.parsedResponse)
        steps.push({
          kind: "preprocessing",
          ...(output.parsedResponse.isValid !== undefined ? { valid: output.parsedResponse.isValid } : {}),
          ...(output.parsedResponse.rationale ? { rationale: output.parsedResponse.rationale } : {}),
        });
      return;
    }
    if (trace.postProcessingTrace) {
      const output = trace.postProcessingTrace.modelInvocationOutput;
      addUsage(output?.metadata);
      if (output?.parsedResponse?.text !== undefined)
        steps.push({ kind: "postprocessing", text: output.parsedResponse.text });
      return;
    }
    if (trace.guardrailTrace) {
      const guardrail = trace.guardrailTrace;
      const policies = [
        ...(guardrail.inputAssessments ?? []),
        ...(guardrail.outputAssessments ?? []),
      ].flatMap((assessment) => Object.keys(assessment));
      steps.push({ kind: "guardrail", action: guardrail.action ?? "NONE", policies: [...new Set(policies)] });
      return;
    }
    if (trace.customOrchestrationTrace) {
      steps.push({ kind: "custom_orchestration", text: trace.customOrchestrationTrace.event?.text ?? "" });
      return;
    }
    if (trace.failureTrace) {
      failure = {
        reason: trace.failureTrace.failureReason ?? "(no reason given)",
        ...(trace.failureTrace.failureCode !== undefined ? { code: trace.failureTrace.failureCode } : {}),
      };
      steps.push({ kind: "failure", ...failure });
    }
  });

  return {
    question: recording.inputText,
    ...(recording.sessionId ? { sessionId: recording.sessionId } : {}),
    ...(recording.agentId ? { agentId: recording.agentId } : {}),
    steps,
    toolCalls,
    knowledgeBaseQueries,
    answer: chunks || finalResponse,
    ...(failure ? { failure } : {}),
    guardrailIntervened: steps.some((step) => step.kind === "guardrail" && step.action === "INTERVENED"),
    usage,
  };
}
