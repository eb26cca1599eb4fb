import type { ModelConfig } from "./config.ts";

/** Converse call options that change per call rather than per model. */
export function converseCallOptions(
  config: ModelConfig,
  requestMetadata: Record<string, string> | undefined,
) {
  const choice = config.toolChoice;
  return {
    tool_choice: typeof choice === "object" ? choice.tool : choice,
    stop: config.inferenceConfig?.stopSequences,
    requestMetadata,
    performanceConfig: config.performanceConfig,
  };
}
