import type { GuardrailContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { AgentNode, GraphExtensions, NodeResult } from "../graph/build.ts";
import { lastAIMessage, latestHumanMessage, textOf } from "../graph/messages.ts";
import { type GraphTelemetry, runScope } from "../graph/run-scope.ts";
import type { SourceCheck } from "../graph/source-check.ts";
import { type AgentStateValue, type Source, thoughtCount } from "../graph/state.ts";
import type { GuardrailCheck } from "../graph/step-events.ts";
import { splitLocalDisclosure } from "../local/disclosure.ts";
import { endGuardrailSpan, startGuardrailSpan } from "../telemetry/guardrail-spans.ts";
import { disabledTelemetry } from "../telemetry/setup.ts";
import { policyFindings } from "./findings.ts";
import type { Guardrail, GuardrailResponse, GuardrailSource } from "./guardrail.ts";
import { LIMITS } from "./local-guardrail.ts";

/** Where in the loop a guardrail looks. */
export type CheckpointName = "input" | "answer" | "tool_arguments" | "tool_result" | "retrieval";

/** Options of {@link guardrailCheckpoints}. Every checkpoint is on unless set to false. */
export interface CheckpointOptions {
  /** The user's input, before the first thought. */
  input?: boolean;
  /** The final answer, grounded against `state.sources` when the run retrieved any. */
  answer?: boolean;
  /** Tool-call arguments the model produced, before the tools run. */
  toolArguments?: boolean;
  /** Tool results, before the model reads them. */
  toolResults?: boolean;
  /**
   * `blocking` (default) checks the input before the model is called. `parallel` lets the first thought
   * start while the input is checked; the verdict is awaited before any tool runs or the answer is
   * returned, so tokens may be spent on a blocked input but nothing acts on it.
   */
  mode?: "blocking" | "parallel";
  /**
   * What a block on tool arguments or tool results does: `end` the run (default), or `replace` the blocked
   * content with the blocked messaging and carry on. A blocked input or answer always ends the run.
   */
  onBlock?: "end" | "replace";
  /** The same telemetry as the agent's, for `apply_guardrail` spans. */
  telemetry?: GraphTelemetry;
  /** Node name prefix (default `guardrail`), so two guardrails can sit in one graph. */
  name?: string;
}

interface Verdict {
  response: GuardrailResponse;
  blocked: boolean;
  masked: boolean;
  /** The guardrail's output text: blocked messaging or masked text. */
  text?: string;
}

const verdictOf = (response: GuardrailResponse): Verdict => {
  const intervened = response.action === "GUARDRAIL_INTERVENED";
  const blocked = intervened && isBlocked(response);
  const text = response.outputs?.map((output) => output.text ?? "").join("\n");
  return { response, blocked, masked: intervened && !blocked, ...(intervened && text ? { text } : {}) };
};

/** Whether any policy of the response blocked (as opposed to only anonymizing). */
function isBlocked(response: GuardrailResponse): boolean {
  const json = JSON.stringify(response.assessments ?? []);
  return json.includes('"BLOCKED"');
}

const intervenedDetail = (checkpoint: CheckpointName, guardrail: Guardrail) =>
  `guardrail ${guardrail.id} (version ${guardrail.version}) blocked the ${checkpoint.replace("_", " ")}`;

/**
 * Guardrail checkpoints as graph extensions for `createAgent({ extensions })`: the user input, tool-call
 * arguments, tool results and the final answer, each an ordinary node. Converse's own `guardrailConfig`
 * does not cover tool traffic; these do. A checkpoint that masks rewrites only the content it checked.
 *
 * @example
 * ```ts
 * import { createAgent } from "glassbox";
 * import { guardrailCheckpoints, LocalGuardrail, loadGuardrailConfig } from "glassbox/guardrails";
 *
 * const guardrail = new LocalGuardrail(await loadGuardrailConfig("guardrail.json"));
 * // or: new BedrockGuardrail({ client, guardrailIdentifier: "gr-123", guardrailVersion: "1" })
 * const agent = createAgent({ tools, extensions: guardrailCheckpoints(guardrail) });
 * ```
 */
export function guardrailCheckpoints(guardrail: Guardrail, options: CheckpointOptions = {}): GraphExtensions {
  const prefix = options.name ?? "guardrail";
  const mode = options.mode ?? "blocking";
  const onBlock = options.onBlock ?? "end";
  const scope = runScope(options.telemetry ?? disabledTelemetry());
  const pendingInput = new Map<string, Promise<Verdict>>();

  const check = async (
    checkpoint: CheckpointName,
    source: GuardrailSource,
    contents: GuardrailContentBlock[][],
    config: LangGraphRunnableConfig,
    at: { node: string; state: AgentStateValue },
  ): Promise<Verdict[]> => {
    const started = performance.now();
    const span = startGuardrailSpan(scope(config).scope, {
      guardrailId: guardrail.id,
      version: guardrail.version,
      checkpoint,
      source,
      mode: checkpoint === "input" ? mode : "blocking",
    });
    try {
      const responses = await Promise.all(
        contents.map((content) => guardrail.apply({ source, content }, { signal: config.signal })),
      );
      const verdicts = responses.map(verdictOf);
      const result = verdicts.some((v) => v.blocked)
        ? checkpoint === "input" || checkpoint === "answer" || onBlock === "end"
          ? "ended"
          : "replaced"
        : verdicts.some((v) => v.masked)
          ? "masked"
          : "allowed";
      const latencyMs = performance.now() - started;
      endGuardrailSpan(span, responses, result, latencyMs);
      reportCheck(config, {
        checkpoint,
        node: at.node,
        guardrailId: guardrail.id,
        version: guardrail.version,
        result,
        step: thoughtCount(at.state.steps),
        findings: responses.flatMap(policyFindings),
        latencyMs,
      });
      return verdicts;
    } catch (error) {
      span.recordException(error as Error);
      endGuardrailSpan(span, [], "error", performance.now() - started);
      throw error;
    }
  };

  const runKey = (config: LangGraphRunnableConfig) =>
    String(config.configurable?.run_key ?? config.configurable?.thread_id ?? "default");

  const end = (checkpoint: CheckpointName, ...messages: BaseMessage[]): NodeResult => ({
    messages,
    outcome: { status: "guardrail_intervened", detail: intervenedDetail(checkpoint, guardrail) },
  });

  /** A blocked input stays in the thread only as a marker, so a later turn does not send it to the model. */
  const blockedHuman = (human: BaseMessage | undefined): BaseMessage[] =>
    human
      ? [new HumanMessage({ content: `[input blocked by guardrail ${guardrail.id}]`, id: human.id })]
      : [];

  const inputVerdict = async (state: AgentStateValue, config: LangGraphRunnableConfig) => {
    const human = latestHumanMessage(state.messages);
    if (!human || !textOf(human).trim()) return { human, verdict: undefined };
    const [verdict] = await check("input", "INPUT", [[{ text: { text: textOf(human) } }]], config, {
      node: `${prefix}_input`,
      state,
    });
    return { human, verdict };
  };

  const applyInputVerdict = (human: BaseMessage | undefined, verdict: Verdict | undefined): NodeResult => {
    if (!human || !verdict) return {};
    if (verdict.blocked) {
      return end(
        "input",
        ...blockedHuman(human),
        new AIMessage({ content: verdict.text ?? "", id: `guardrail-${human.id}` }),
      );
    }
    if (verdict.masked && verdict.text !== undefined) {
      return { messages: [new HumanMessage({ content: verdict.text, id: human.id })] };
    }
    return {};
  };

  /** In parallel mode: waits for the input verdict before anything acts; ends the run if it blocked. */
  const awaitInput = async (
    state: AgentStateValue,
    config: LangGraphRunnableConfig,
  ): Promise<NodeResult | undefined> => {
    const key = runKey(config);
    const pending = pendingInput.get(key);
    if (!pending) return undefined;
    pendingInput.delete(key);
    const verdict = await pending;
    if (!verdict.blocked) return undefined;
    const last = lastAIMessage(state.messages);
    return end(
      "input",
      ...blockedHuman(latestHumanMessage(state.messages)),
      new AIMessage({ content: verdict.text ?? "", id: last?.id ?? "guardrail-input", tool_calls: [] }),
    );
  };

  const inputNode: AgentNode = {
    name: `${prefix}_input`,
    async run(state, config) {
      if (mode === "blocking") {
        const { human, verdict } = await inputVerdict(state, config);
        return applyInputVerdict(human, verdict);
      }
      const human = latestHumanMessage(state.messages);
      if (!human || !textOf(human).trim()) return {};
      const pending = check("input", "INPUT", [[{ text: { text: textOf(human) } }]], config, {
        node: `${prefix}_input`,
        state,
      }).then(([v]) => v as Verdict);
      pending.catch(() => {});
      pendingInput.set(runKey(config), pending);
      return {};
    },
  };

  const argumentsNode: AgentNode = {
    name: `${prefix}_tool_arguments`,
    async run(state, config) {
      const early = await awaitInput(state, config);
      if (early) return early;
      const ai = lastAIMessage(state.messages);
      const calls = ai?.tool_calls ?? [];
      if (!ai || !calls.length) return {};
      const verdicts = await check(
        "tool_arguments",
        "OUTPUT",
        calls.map((call) => [{ text: { text: JSON.stringify(call.args ?? {}) } }]),
        config,
        { node: `${prefix}_tool_arguments`, state },
      );
      if (!verdicts.some((v) => v.blocked || v.masked)) return {};
      const blockedAny = verdicts.some((v) => v.blocked);
      const message = verdicts.find((v) => v.blocked)?.text ?? "";
      if (blockedAny && onBlock === "end") {
        return end("tool_arguments", new AIMessage({ content: message, id: ai.id, tool_calls: [] }));
      }
      const kept = calls.flatMap((call, i) => {
        const verdict = verdicts[i];
        if (!verdict || (!verdict.blocked && !verdict.masked)) return [call];
        if (verdict.blocked) return [];
        const args = parseJson(verdict.text);
        return args === undefined ? [] : [{ ...call, args: args as Record<string, unknown> }];
      });
      if (!kept.length)
        return end("tool_arguments", new AIMessage({ content: message, id: ai.id, tool_calls: [] }));
      return { messages: [new AIMessage({ content: ai.content, id: ai.id, tool_calls: kept })] };
    },
  };

  const resultsNode: AgentNode = {
    name: `${prefix}_tool_results`,
    async run(state, config) {
      const results = trailingToolMessages(state.messages).filter((message) => resultText(message).trim());
      if (!results.length) return {};
      const verdicts = await check(
        "tool_result",
        "INPUT",
        results.map((message) => [{ text: { text: resultText(message) } }]),
        config,
        { node: `${prefix}_tool_results`, state },
      );
      const replaced = results.flatMap((message, i) => {
        const verdict = verdicts[i];
        if (!verdict?.text || (!verdict.blocked && !verdict.masked)) return [];
        return [
          new ToolMessage({
            content: verdict.text,
            id: message.id,
            tool_call_id: message.tool_call_id,
            name: message.name,
            status: verdict.blocked ? "error" : message.status,
          }),
        ];
      });
      const blocked = verdicts.find((v) => v.blocked);
      if (blocked && onBlock === "end") {
        // The blocked results are replaced too, so the thread never carries them to a later turn.
        return end(
          "tool_result",
          ...replaced,
          new AIMessage({ content: blocked.text ?? "", id: `guardrail-${results[0]?.id}` }),
        );
      }
      return replaced.length ? { messages: replaced } : {};
    },
  };

  const answerNode: AgentNode = {
    name: `${prefix}_answer`,
    async run(state, config) {
      const early = await awaitInput(state, config);
      if (early) return early;
      const ai = lastAIMessage(state.messages);
      if (!ai) return {};
      const full = textOf(ai);
      if (!full.trim()) return {};
      // The offline model's "not an LLM" note is not a claim: it is neither grounded nor masked.
      const { claims, disclosure } = splitLocalDisclosure(full);
      const answer = claims || full;
      const content: GuardrailContentBlock[] = [];
      const grounding = state.sources
        .map((source) => source.text)
        .join("\n\n")
        .slice(0, LIMITS.groundingSource);
      if (grounding) {
        content.push({ text: { text: grounding, qualifiers: ["grounding_source"] } });
        const query = latestHumanMessage(state.messages);
        if (query)
          content.push({ text: { text: textOf(query).slice(0, LIMITS.query), qualifiers: ["query"] } });
        content.push({
          text: { text: answer.slice(0, LIMITS.groundedContent), qualifiers: ["guard_content"] },
        });
      } else content.push({ text: { text: answer } });
      const [verdict] = await check("answer", "OUTPUT", [content], config, {
        node: `${prefix}_answer`,
        state,
      });
      if (!verdict || (!verdict.blocked && !verdict.masked)) return {};
      if (verdict.blocked) return end("answer", new AIMessage({ content: verdict.text ?? "", id: ai.id }));
      const masked = [verdict.text ?? answer, disclosure].filter(Boolean).join("\n\n");
      return { messages: [new AIMessage({ content: masked, id: ai.id })] };
    },
  };

  const on = (flag: boolean | undefined) => flag !== false;
  const parallel = mode === "parallel" && on(options.input);
  // The policies decide what is blocked or masked, so they are part of what an eval cache keys on.
  const fingerprint = {
    guardrail: guardrail.id,
    version: guardrail.version,
    config: (guardrail as { config?: unknown }).config,
    mode,
    onBlock,
  };
  for (const node of [inputNode, argumentsNode, resultsNode, answerNode]) node.fingerprint = fingerprint;
  return {
    ...(on(options.input) ? { onInput: [inputNode] } : {}),
    ...(on(options.toolArguments) || parallel
      ? {
          beforeAct: [
            on(options.toolArguments) ? argumentsNode : awaitOnly(`${prefix}_await_input`, awaitInput),
          ],
        }
      : {}),
    ...(on(options.toolResults) ? { afterAct: [resultsNode] } : {}),
    ...(on(options.answer) || parallel
      ? { onAnswer: [on(options.answer) ? answerNode : awaitOnly(`${prefix}_await_answer`, awaitInput)] }
      : {}),
  };
}

function awaitOnly(
  name: string,
  awaitInput: (state: AgentStateValue, config: LangGraphRunnableConfig) => Promise<NodeResult | undefined>,
): AgentNode {
  return { name, run: async (state, config) => (await awaitInput(state, config)) ?? {} };
}

/** Options of {@link guardrailSourceCheck}. */
export interface SourceCheckOptions {
  /** `drop` (default) leaves blocked passages out; `block` ends the run when any passage is blocked. */
  onBlock?: "drop" | "block";
  telemetry?: GraphTelemetry;
}

/**
 * The guardrail as a {@link SourceCheck} for retrieval: each passage is assessed (source `INPUT`, as it is
 * about to enter the prompt) before the model sees it; masked passages keep their place with the masked text.
 */
export function guardrailSourceCheck(guardrail: Guardrail, options: SourceCheckOptions = {}): SourceCheck {
  const scope = runScope(options.telemetry ?? disabledTelemetry());
  return async (sources: Source[], config: LangGraphRunnableConfig = {}) => {
    if (!sources.length) return { sources };
    const started = performance.now();
    const span = startGuardrailSpan(scope(config).scope, {
      guardrailId: guardrail.id,
      version: guardrail.version,
      checkpoint: "retrieval",
      source: "INPUT",
      mode: "blocking",
    });
    const responses = await Promise.all(
      sources.map((source) =>
        guardrail.apply(
          { source: "INPUT", content: [{ text: { text: source.text } }] },
          { signal: config.signal },
        ),
      ),
    );
    const verdicts = responses.map(verdictOf);
    const blocked = verdicts.find((v) => v.blocked);
    const ends = Boolean(blocked) && options.onBlock === "block";
    const result = ends
      ? "ended"
      : blocked
        ? "replaced"
        : verdicts.some((v) => v.masked)
          ? "masked"
          : "allowed";
    const latencyMs = performance.now() - started;
    endGuardrailSpan(span, responses, result, latencyMs);
    reportCheck(config, {
      checkpoint: "retrieval",
      guardrailId: guardrail.id,
      version: guardrail.version,
      result,
      step: 0,
      findings: responses.flatMap(policyFindings),
      latencyMs,
    });
    if (blocked && ends) return { sources: [], blocked: { message: blocked.text ?? "" } };
    return {
      sources: sources.flatMap((source, i) => {
        const verdict = verdicts[i];
        if (verdict?.blocked) return [];
        return verdict?.masked && verdict.text !== undefined ? [{ ...source, text: verdict.text }] : [source];
      }),
    };
  };
}

/** Streams the verdict to `agent.stream()` callers and the Studio (every check, passing ones too). */
function reportCheck(config: LangGraphRunnableConfig, check: GuardrailCheck): void {
  config.writer?.({
    type: "guardrail",
    check: { ...check, latencyMs: Math.round(check.latencyMs * 10) / 10 },
  });
}

function trailingToolMessages(messages: readonly BaseMessage[]): ToolMessage[] {
  const tools: ToolMessage[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]?.getType() === "tool"; i--) {
    tools.unshift(messages[i] as ToolMessage);
  }
  return tools;
}

/**
 * The text a tool result puts before the model: its text blocks and its JSON blocks (structured MCP
 * results), so a checkpoint sees every part the model will read. Image blocks are not text.
 */
function resultText(message: ToolMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .map((block) => {
      const { type, text } = block as { type?: unknown; text?: unknown };
      if (type === "text" && typeof text === "string") return text;
      return type === "image" ? "" : JSON.stringify(block);
    })
    .filter(Boolean)
    .join("\n");
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
