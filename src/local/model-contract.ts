/**
 * The contract between the local Bedrock server and the model behind it: plain data in the shape of the
 * Converse wire JSON (after validation), and one assistant turn out. The server owns HTTP, framing,
 * validation and faults; a model owns only the decision of what to say.
 */

/** A content block as it appears in a Converse request's `messages[].content` (wire JSON). */
export type WireContentBlock =
  | { text: string }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | {
      toolResult: {
        toolUseId: string;
        content: Array<{ text?: string; json?: unknown; [key: string]: unknown }>;
        status?: "success" | "error";
      };
    }
  | { [key: string]: unknown };

export interface WireMessage {
  role: "user" | "assistant";
  content: WireContentBlock[];
}

export interface WireToolSpec {
  name: string;
  description?: string;
  inputSchema: { json: unknown };
}

/** The parts of a validated Converse request a model may read. */
export interface LocalModelRequest {
  modelId: string;
  system?: Array<{ text?: string; [key: string]: unknown }>;
  messages: WireMessage[];
  toolConfig?: {
    tools: Array<{ toolSpec?: WireToolSpec; [key: string]: unknown }>;
    toolChoice?: { auto?: object; any?: object; tool?: { name: string } };
  };
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  requestMetadata?: Record<string, string>;
  /** The JSON Schema of `outputConfig.textFormat`: the answer must be JSON matching it. */
  outputSchema?: Record<string, unknown>;
}

export type StopReason =
  | "end_turn"
  | "tool_use"
  | "max_tokens"
  | "stop_sequence"
  | "guardrail_intervened"
  | "content_filtered"
  | "malformed_model_output"
  | "malformed_tool_use"
  | "model_context_window_exceeded";

/** A Converse citation of a document (`CitationsContentBlock.citations[]`). */
export interface WireCitation {
  title?: string;
  sourceContent: Array<{ text: string }>;
  location: Record<string, { documentIndex: number; start: number; end: number }>;
}

/** A content block of the assistant's answer. */
export type OutputContentBlock =
  | { text: string }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { reasoningContent: { reasoningText: { text: string; signature?: string } } }
  | { citationsContent: { content: Array<{ text: string }>; citations: WireCitation[] } };

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  cacheDetails?: Array<{ ttl: "5m" | "1h"; inputTokens: number }>;
}

/** One assistant turn: what the server returns as `output.message` plus `stopReason` and `usage`. */
export interface ModelTurn {
  content: OutputContentBlock[];
  stopReason: StopReason;
  usage: TokenUsage;
  /**
   * Why the model answers as it does, in plain words. With thinking on, the server sends it as a signed
   * reasoning block before the answer.
   */
  reasoning?: string;
}

/** A model behind the local server: deterministic, synchronous, plain data. */
export type LocalModel = (request: LocalModelRequest) => ModelTurn;
