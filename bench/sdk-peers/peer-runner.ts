/** What every peer runner is built from: the endpoint and the same model, tools and prompt as Glassbox. */
export interface PeerTool {
  name: string;
  description: string;
  /** The tool's zod schema (the peers validate with it and derive the JSON Schema from it). */
  input: unknown;
  run(input: unknown, context: { toolCallId: string; signal: AbortSignal }): unknown;
}

export interface PeerRunnerOptions {
  url: string;
  modelId: string;
  tools: readonly PeerTool[];
  systemPrompt: string;
  maxSockets: number;
}
