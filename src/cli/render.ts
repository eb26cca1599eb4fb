import type { AgentEvent, AgentResult } from "../agent/events.ts";
import { describeOutcome } from "../model/stop-reasons.ts";

/** Prints a run's thought, action and observation steps as they happen, then the answer and its cost. */
export function createStepPrinter(write: (text: string) => void) {
  let streamingStep: number | undefined;
  let reasoningStep: number | undefined;
  const endStreamedLine = () => {
    if (streamingStep !== undefined || reasoningStep !== undefined) write("\n");
    streamingStep = undefined;
    reasoningStep = undefined;
  };
  return {
    event(event: AgentEvent): void {
      switch (event.type) {
        case "reasoning":
          if (reasoningStep !== event.step) {
            endStreamedLine();
            write(label(`reason ${event.step}`));
            reasoningStep = event.step;
          }
          write(event.text.replace(/\s*\n\s*/g, " "));
          return;
        case "token":
          if (reasoningStep !== undefined) endStreamedLine();
          if (streamingStep !== event.step) {
            endStreamedLine();
            write(label(`thought ${event.step}`));
            streamingStep = event.step;
          }
          // Thoughts stay on their line; the answer block below keeps the formatting.
          write(event.text.replace(/\s*\n\s*/g, " "));
          return;
        case "retry":
          endStreamedLine();
          write(
            `${label("retry")}${event.errorType}; attempt ${event.attempt + 1} in ${Math.round(event.delayMs)} ms (partial output discarded)\n`,
          );
          return;
        case "thought": {
          const { step } = event;
          const streamedReasoning = reasoningStep === step.step;
          if (reasoningStep !== undefined && streamingStep === undefined) endStreamedLine();
          if (step.reasoning && !streamedReasoning && streamingStep !== step.step)
            write(`${label(`reason ${step.step}`)}${clip(oneLine(step.reasoning), 300)}\n`);
          if (streamingStep !== step.step && step.text.trim())
            write(`${label(`thought ${step.step}`)}${oneLine(step.text)}`);
          if (streamingStep === step.step || step.text.trim()) write("\n");
          streamingStep = undefined;
          const tokens = `${step.usage.inputTokens}→${step.usage.outputTokens} tokens${cached(step.usage)}`;
          const retries = step.attempts > 1 ? ` · ${step.attempts} attempts` : "";
          write(`${pad("")}· ${step.stopReason} · ${ms(step.latencyMs)} · ${tokens}${retries}\n`);
          return;
        }
        case "context": {
          endStreamedLine();
          const { step } = event;
          const what = step.action === "summarize" ? "summarised" : "trimmed";
          write(
            `${label(`context ${step.step}`)}${what} (${step.trigger}): ${step.messagesOmitted} earlier messages not sent, ${step.toolResultsTruncated} tool results shortened · ${step.tokensBefore}→${step.tokensAfter} of ${step.contextWindow} tokens\n`,
          );
          return;
        }
        case "tool_progress":
          endStreamedLine();
          write(
            `${label(`progress ${event.step}`)}${event.tool}: ${clip(oneLine(typeof event.progress === "string" ? event.progress : JSON.stringify(event.progress)), 200)}\n`,
          );
          return;
        case "action": {
          endStreamedLine();
          const { step } = event;
          // An edited call is shown with what the model asked for, so the transcript says both.
          const edited =
            step.by === "edited"
              ? `  edited; the model asked ${clip(JSON.stringify(step.requested), 120)}`
              : "";
          write(
            `${label(`action ${step.step}`)}${step.tool}(${clip(JSON.stringify(step.input), 200)})${edited}\n`,
          );
          return;
        }
        case "guardrail": {
          endStreamedLine();
          const { check } = event;
          const fired = check.findings
            .map((f) => `${f.policy} ${f.name} ${f.action}${f.detail ? ` (${f.detail})` : ""}`)
            .join("; ");
          write(
            `${label("guardrail")}${check.checkpoint.replace("_", " ")} ${check.result}${fired ? `: ${clip(fired, 160)}` : ""}  (${check.guardrailId} v${check.version}, ${ms(check.latencyMs)})\n`,
          );
          return;
        }
        case "retrieval": {
          endStreamedLine();
          const { retrieval } = event;
          const passages = retrieval.passages
            .map((p) =>
              `${p.id}${p.score === undefined ? "" : ` ${p.score.toFixed(2)}`} ${p.uri ?? ""}`.trim(),
            )
            .join(", ");
          const dropped = retrieval.dropped ? `; ${retrieval.dropped} dropped by the source check` : "";
          write(
            `${label("retrieve")}${retrieval.passages.length} passage${retrieval.passages.length === 1 ? "" : "s"} from ${retrieval.dataSourceId}${dropped}: ${clip(passages, 200)}  (${ms(retrieval.latencyMs)})\n`,
          );
          return;
        }
        case "observation": {
          const { step } = event;
          const mark = step.status === "success" ? "✓" : "✗";
          write(
            `${label(`observe ${step.step}`)}${mark} ${clip(oneLine(step.content), 200)}  (${ms(step.durationMs)}, ${step.sizeBytes} B)\n`,
          );
          return;
        }
        case "done":
          endStreamedLine();
          return;
      }
    },
    result(result: AgentResult): void {
      endStreamedLine();
      if (result.answer) {
        const indented = result.answer
          .split("\n")
          .map((line, i) => (i === 0 || !line.trim() ? line : `${pad("")}${line}`));
        write(`${label("answer")}${indented.join("\n")}\n`);
      }
      for (const [i, citation] of (result.citations ?? []).entries()) {
        const refs = citation.retrievedReferences.map((ref, j) => {
          const id = citation.sourceIds[j] ?? "?";
          // A document sent with the question is named by its document name alone.
          if (ref.location?.customDocumentLocation?.id === id) return id;
          const uri = ref.metadata?.["x-amz-bedrock-kb-source-uri"] ?? ref.location?.s3Location?.uri;
          return `${id} ${typeof uri === "string" ? uri : "(no uri)"}`;
        });
        const part = citation.generatedResponsePart.textResponsePart.text;
        const quoted = part.length > 60 ? `${part.slice(0, 59)}…` : part;
        write(`${i ? pad("") : label("sources")}"${quoted}" ← ${refs.join(", ")}\n`);
      }
      const thoughts = result.steps.filter((step) => step.kind === "thought").length;
      const cost =
        result.costUsd === undefined
          ? "cost unknown (no price for this model)"
          : `$${result.costUsd.toFixed(6)}`;
      write(
        `${label("outcome")}${result.outcome} · ${thoughts} step${thoughts === 1 ? "" : "s"} · ${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens${cached(result.usage)} · ${cost} at ${result.modelId} list prices · ${ms(result.latencyMs)}\n`,
      );
      if (result.outcome !== "answered") {
        write(`${pad("")}${result.outcomeDetail ?? describeOutcome(result.outcome)}\n`);
      }
    },
  };
}

/** Cache reads and writes of a usage, when there were any. */
const cached = (usage: AgentResult["usage"]) =>
  usage.cacheReadInputTokens || usage.cacheWriteInputTokens
    ? ` (+${usage.cacheReadInputTokens} read from / ${usage.cacheWriteInputTokens} written to the prompt cache)`
    : "";

const WIDTH = 11;
const pad = (text: string) => text.padEnd(WIDTH);
const label = (text: string) => `${pad(text)}› `;
const ms = (value: number) => (value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);
/** Text on one line (newlines and the space around them become one space). */
export const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").trim();
/** Text cut to `max` characters, with an ellipsis when cut. */
export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
