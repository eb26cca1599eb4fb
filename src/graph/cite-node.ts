import { AIMessage } from "@langchain/core/messages";
import { buildCitations } from "../kb/citations.ts";
import type { AgentNode } from "./build.ts";
import { textOf } from "./messages.ts";
import type { AgentStateUpdate, AgentStateValue } from "./state.ts";

/**
 * The citation node (an `onAnswer` extension): matches the final answer to the run's sources and puts
 * `RetrieveAndGenerate`-shaped citations on the answer message (`response_metadata.citations`, and
 * `AgentResult.citations`). `[S1]` markers are removed from the answer text the spans index.
 */
export function createCitationNode(options: { name?: string } = {}): AgentNode {
  return {
    name: options.name ?? "cite",
    run(state: AgentStateValue): AgentStateUpdate {
      const last = state.messages.at(-1);
      if (last?.getType() !== "ai" || !state.sources.length) return {};
      const { text, citations } = buildCitations(textOf(last).trim(), state.sources);
      const message = last as AIMessage;
      return {
        messages: [
          new AIMessage({
            id: message.id,
            content: text,
            response_metadata: { ...message.response_metadata, citations },
            additional_kwargs: message.additional_kwargs,
            ...(message.usage_metadata ? { usage_metadata: message.usage_metadata } : {}),
          }),
        ],
      };
    },
  };
}
