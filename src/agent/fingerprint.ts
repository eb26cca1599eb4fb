import { createHash } from "node:crypto";
import type { AgentNode, GraphExtensions } from "../graph/build.ts";
import type { Limits } from "../graph/limits.ts";
import type { ModelConfig } from "../model/config.ts";
import { glassboxPackage } from "../package-root.ts";
import { type Tool, toToolSpec } from "../tools/define-tool.ts";

/**
 * Everything in an agent that decides its answers, for one run: the model that answers it (after the
 * traffic split), the system prompt, the tool specs, the inference and guardrail settings, the limits,
 * the extension nodes with their own fingerprints, and the Glassbox version. Evaluation caches key on it.
 */
export interface AgentFingerprint {
  agent: string;
  modelId: string;
  systemPromptSha256: string | null;
  toolsSha256: string;
  model: Record<string, unknown>;
  limits: Limits;
  extensions: Array<{ slot: string; name: string; fingerprint?: unknown }>;
  glassbox: string;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The fingerprint of an agent for a run answered by `modelId`. */
export function agentFingerprint(parts: {
  name: string;
  modelId: string;
  modelConfig: ModelConfig;
  systemPrompt?: string;
  tools: readonly Tool[];
  limits: Limits;
  extensions: GraphExtensions;
}): AgentFingerprint {
  const config = parts.modelConfig;
  return {
    agent: parts.name,
    modelId: parts.modelId,
    systemPromptSha256: parts.systemPrompt === undefined ? null : sha256(parts.systemPrompt),
    toolsSha256: sha256(JSON.stringify(parts.tools.map(toToolSpec))),
    // What Bedrock is asked, besides the messages (streaming and timeouts do not change an answer).
    model: {
      inferenceConfig: config.inferenceConfig ?? null,
      toolChoice: config.toolChoice ?? null,
      guardrailConfig: config.guardrailConfig ?? null,
      additionalModelRequestFields: config.additionalModelRequestFields ?? null,
      performanceConfig: config.performanceConfig ?? null,
      serviceTier: config.serviceTier ?? null,
    },
    limits: parts.limits,
    extensions: Object.entries(parts.extensions).flatMap(([slot, nodes]) =>
      ((nodes ?? []) as AgentNode[]).map((node) => ({
        slot,
        name: node.name,
        ...(node.fingerprint !== undefined ? { fingerprint: node.fingerprint } : {}),
      })),
    ),
    glassbox: glassboxPackage().version,
  };
}
