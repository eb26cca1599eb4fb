import {
  type BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
} from "@aws-sdk/client-bedrock-runtime";
import type { AIMessage } from "@langchain/core/messages";
import { createStreamAssembler, type StreamDelta, toAIMessage } from "./converse-response.ts";
import type { ConverseRequestBody } from "./converse-wire.ts";

export interface ConverseCallOptions {
  stream: boolean;
  signal?: AbortSignal;
  /** Called with each text or reasoning delta of a streamed response. */
  onDelta?: (delta: StreamDelta) => void;
}

/**
 * One Converse (or ConverseStream) call through the real SDK client. Glassbox builds the request body
 * itself rather than through `@langchain/aws`, which drops `outputConfig`, cannot place a tool-list cache
 * point on its own, loses streamed citations and cannot send a ToolMessage's error status (see
 * docs/model-features.md); the result is still a LangChain `AIMessage` for the graph state.
 */
export async function callConverse(
  client: BedrockRuntimeClient,
  request: ConverseRequestBody,
  options: ConverseCallOptions,
): Promise<AIMessage> {
  if (!options.stream) {
    const response = await client.send(new ConverseCommand(request as unknown as ConverseCommandInput), {
      abortSignal: options.signal,
    });
    return toAIMessage({
      content: (response.output?.message?.content ?? []) as unknown as Array<Record<string, unknown>>,
      stopReason: response.stopReason,
      usage: response.usage as Record<string, unknown> | undefined,
      metrics: response.metrics as Record<string, unknown> | undefined,
      additionalModelResponseFields: response.additionalModelResponseFields,
      trace: response.trace,
      requestId: response.$metadata.requestId,
    });
  }
  const response = await client.send(
    new ConverseStreamCommand(request as unknown as ConverseStreamCommandInput),
    { abortSignal: options.signal },
  );
  const assembler = createStreamAssembler();
  for await (const event of response.stream ?? []) {
    const delta = assembler.push(event as unknown as Record<string, unknown>);
    if (delta) options.onDelta?.(delta);
  }
  if (!assembler.complete) throw new Error("Bedrock ConverseStream ended before its messageStop event");
  return toAIMessage(assembler.finish(response.$metadata.requestId));
}
