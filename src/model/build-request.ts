import type { BaseMessage } from "@langchain/core/messages";
import { checkRequestFiles } from "../files/check-request-files.ts";
import { placeCachePoints } from "./cache-points.ts";
import type { CachePolicy } from "./cache-policy.ts";
import type { ModelCapabilities } from "./catalog.ts";
import type { ModelConfig } from "./config.ts";
import { toConverseMessages } from "./converse-messages.ts";
import type { ConverseRequestBody, WireTool, WireToolConfig } from "./converse-wire.ts";
import { reasoningFields } from "./reasoning.ts";

/** A tool choice for one call: the model picks, must call some tool, or must call this one. */
export type CallToolChoice = "auto" | "any" | { tool: string };

/** Everything one Converse call is made from. */
export interface RequestInput {
  modelId: string;
  capabilities: ModelCapabilities;
  config: ModelConfig;
  systemPrompt?: string;
  /** The conversation as the model is to see it (after context management). */
  messages: readonly BaseMessage[];
  tools: readonly WireTool[];
  /** Overrides the configured tool choice (structured output forcing its final tool). */
  toolChoice?: CallToolChoice;
  requestMetadata?: Record<string, string>;
  /** Native structured output: the JSON Schema for `outputConfig.textFormat`. */
  outputSchema?: { name: string; schema: Record<string, unknown> };
  cache?: CachePolicy;
}

/** The request, and what was decided for it (for spans and steps). */
export interface BuiltRequest {
  request: ConverseRequestBody;
  cachePoints: string[];
  cachePointsRemoved: number;
  /** Reasoning was asked for but left out because the call forces a tool (Bedrock refuses both). */
  reasoningDropped: boolean;
  reasoning: boolean;
}

/** The Converse `toolChoice` for a choice, degraded to what the model accepts (`tool` → `any` → auto). */
function toolChoiceFor(choice: CallToolChoice | undefined, supported: ModelCapabilities["toolChoice"]) {
  if (choice === undefined || choice === "auto") return undefined;
  if (typeof choice === "object") {
    if (supported.includes("tool")) return { tool: { name: choice.tool } };
    return supported.includes("any") ? { any: {} } : undefined;
  }
  return supported.includes("any") ? { any: {} } : undefined;
}

/**
 * Builds one Converse request: messages converted (reasoning blocks unchanged), system prompt, tools and
 * tool choice, inference settings, reasoning fields (left out when a tool is forced), native structured
 * output, guardrail and tier settings, then cache points where the model and the policy allow them.
 */
export function buildConverseRequest(input: RequestInput): BuiltRequest {
  const { config, capabilities } = input;
  const converted = toConverseMessages(input.messages);
  const system = [...(input.systemPrompt ? [{ text: input.systemPrompt }] : []), ...converted.system];
  const configured = config.toolChoice;
  const choice =
    input.toolChoice ??
    (typeof configured === "object" ? { tool: configured.tool } : (configured as CallToolChoice | undefined));
  const toolChoice = input.tools.length ? toolChoiceFor(choice, capabilities.toolChoice) : undefined;
  // With only `any` available, a forced tool is forced by offering it alone.
  const tools =
    typeof choice === "object" && toolChoice && "any" in toolChoice
      ? input.tools.filter((tool) => tool.toolSpec?.name === choice.tool)
      : input.tools;
  const toolConfig: WireToolConfig | undefined = tools.length
    ? { tools: [...tools], ...(toolChoice ? { toolChoice } : {}) }
    : undefined;
  const inference = { ...config.inferenceConfig };
  let additional = config.additionalModelRequestFields as Record<string, unknown> | undefined;
  const forcedTool = toolChoice !== undefined;
  let reasoning = false;
  if (config.reasoning) {
    const fields = reasoningFields(capabilities, config.reasoning, {
      forcedTool,
      hasTools: tools.length > 0,
      maxTokens: inference.maxTokens,
      base: additional,
    });
    if (fields) {
      reasoning = true;
      additional = fields.additionalModelRequestFields;
      if (fields.maxTokens !== undefined) inference.maxTokens = fields.maxTokens;
    }
  }
  const request: ConverseRequestBody = {
    modelId: input.modelId,
    messages: converted.messages,
    ...(system.length ? { system } : {}),
    ...(toolConfig ? { toolConfig } : {}),
    ...(Object.values(inference).some((value) => value !== undefined) ? { inferenceConfig: inference } : {}),
    ...(additional && Object.keys(additional).length ? { additionalModelRequestFields: additional } : {}),
    ...(input.outputSchema
      ? {
          outputConfig: {
            textFormat: {
              type: "json_schema" as const,
              structure: {
                jsonSchema: {
                  schema: JSON.stringify(input.outputSchema.schema),
                  name: input.outputSchema.name,
                },
              },
            },
          },
        }
      : {}),
    ...(config.guardrailConfig ? { guardrailConfig: config.guardrailConfig } : {}),
    ...(input.requestMetadata && Object.keys(input.requestMetadata).length
      ? { requestMetadata: input.requestMetadata }
      : {}),
    ...(config.performanceConfig ? { performanceConfig: config.performanceConfig } : {}),
    ...(config.serviceTier ? { serviceTier: { type: config.serviceTier } } : {}),
  };
  checkRequestFiles(request, capabilities);
  const built = {
    cachePointsRemoved: 0,
    reasoningDropped: Boolean(config.reasoning) && !reasoning,
    reasoning,
  };
  if (!input.cache || !capabilities.caching) return { ...built, request, cachePoints: [] };
  const placed = placeCachePoints(request, capabilities.caching, input.cache);
  return {
    ...built,
    request: placed.request,
    cachePoints: placed.points,
    cachePointsRemoved: placed.removed,
  };
}
