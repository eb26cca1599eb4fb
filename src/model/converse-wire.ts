/**
 * The Converse request as Glassbox builds it: plain JSON in the shape of the bedrock-runtime service
 * model (`Message`, `ContentBlock`, `SystemContentBlock`, `Tool`), with byte fields as `Uint8Array` as
 * the SDK wants them. Kept loose on purpose (the SDK's unions need a `$unknown` member per variant);
 * `converse-model.ts` hands it to the SDK commands as is.
 */
export type CachePointBlock = { cachePoint: { type: "default"; ttl?: "5m" | "1h" } };

export type WireBlock = Record<string, unknown>;

export interface WireMessage {
  role: "user" | "assistant";
  content: WireBlock[];
}

export interface WireTool {
  toolSpec?: { name: string; description?: string; inputSchema: { json: unknown }; strict?: boolean };
  cachePoint?: CachePointBlock["cachePoint"];
}

export interface WireToolConfig {
  tools: WireTool[];
  toolChoice?: { auto?: object; any?: object; tool?: { name: string } };
}

/** A Converse / ConverseStream request body plus the model id. */
export interface ConverseRequestBody {
  modelId: string;
  messages: WireMessage[];
  system?: WireBlock[];
  toolConfig?: WireToolConfig;
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  additionalModelRequestFields?: Record<string, unknown>;
  outputConfig?: {
    textFormat: {
      type: "json_schema";
      structure: { jsonSchema: { schema: string; name?: string; description?: string } };
    };
  };
  guardrailConfig?: Record<string, unknown>;
  requestMetadata?: Record<string, string>;
  performanceConfig?: { latency: "standard" | "optimized" };
  serviceTier?: { type: string };
}

export const cachePoint = (ttl?: "5m" | "1h"): CachePointBlock => ({
  cachePoint: { type: "default", ...(ttl ? { ttl } : {}) },
});

export const isCachePoint = (block: unknown): block is CachePointBlock =>
  typeof block === "object" && block !== null && "cachePoint" in block;
