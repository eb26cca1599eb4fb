import { createHash } from "node:crypto";
import { z } from "zod";
import { BedrockError, BedrockErrorTypeSchema, StreamExceptionTypeSchema } from "./bedrock-errors.ts";
import { countTokens } from "./model/tokens.ts";
import type { ModelTurn, OutputContentBlock, StopReason } from "./model-contract.ts";

const StopReasonSchema = z.enum([
  "end_turn",
  "tool_use",
  "max_tokens",
  "stop_sequence",
  "guardrail_intervened",
  "content_filtered",
  "malformed_model_output",
  "malformed_tool_use",
  "model_context_window_exceeded",
]);

const UsageSchema = z
  .object({
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    totalTokens: z.number().int().nonnegative(),
    cacheReadInputTokens: z.number().int().nonnegative().optional(),
    cacheWriteInputTokens: z.number().int().nonnegative().optional(),
  })
  .partial();

const Common = {
  latencyMs: z.number().min(0).optional(),
  /** The step's reasoning, sent as a signed reasoning block when the request enables thinking. */
  reasoning: z.string().optional(),
  midStreamError: z
    .object({ afterEvents: z.number().int().min(0), type: StreamExceptionTypeSchema.optional() })
    .optional(),
};

/** One scripted response (plain JSON, so a CLI can load a script file). */
export const ScriptStepSchema = z.union([
  z
    .object({
      error: z.object({ type: BedrockErrorTypeSchema, message: z.string().optional() }).strict(),
      latencyMs: Common.latencyMs,
    })
    .strict(),
  z
    .object({
      toolUse: z
        .array(z.object({ name: z.string(), input: z.unknown(), toolUseId: z.string().optional() }).strict())
        .min(1),
      text: z.string().optional(),
      stopReason: StopReasonSchema.optional(),
      usage: UsageSchema.optional(),
      ...Common,
    })
    .strict(),
  z
    .object({
      text: z.string(),
      stopReason: StopReasonSchema.optional(),
      usage: UsageSchema.optional(),
      ...Common,
    })
    .strict(),
]);
export type ScriptStep = z.infer<typeof ScriptStepSchema>;

/** The turn a step answers with, or the error it raises. Tool-use ids are derived from the step's position. */
export function stepToTurn(step: ScriptStep, index: number): ModelTurn {
  if ("error" in step) throw new BedrockError(step.error.type, step.error.message);
  const content: OutputContentBlock[] = [];
  if (step.text) content.push({ text: step.text });
  let stopReason: StopReason = step.stopReason ?? "end_turn";
  if ("toolUse" in step) {
    step.toolUse.forEach((use, i) => {
      const toolUseId =
        use.toolUseId ??
        `tooluse_${createHash("sha256").update(`${index}:${i}:${use.name}`).digest("hex").slice(0, 20)}`;
      content.push({ toolUse: { toolUseId, name: use.name, input: use.input ?? {} } });
    });
    stopReason = step.stopReason ?? "tool_use";
  }
  const outputTokens = step.usage?.outputTokens ?? countTokens(JSON.stringify(content));
  const inputTokens = step.usage?.inputTokens ?? 10;
  return {
    content,
    stopReason,
    ...(step.reasoning ? { reasoning: step.reasoning } : {}),
    usage: {
      inputTokens,
      outputTokens,
      totalTokens: step.usage?.totalTokens ?? inputTokens + outputTokens,
      ...(step.usage?.cacheReadInputTokens !== undefined
        ? { cacheReadInputTokens: step.usage.cacheReadInputTokens }
        : {}),
      ...(step.usage?.cacheWriteInputTokens !== undefined
        ? { cacheWriteInputTokens: step.usage.cacheWriteInputTokens }
        : {}),
    },
  };
}
