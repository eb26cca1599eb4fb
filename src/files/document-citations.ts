import type { BaseMessage } from "@langchain/core/messages";
import type { Citation } from "../kb/citations.ts";

type Block = Record<string, unknown>;

interface ConverseCitation {
  title?: string;
  source?: string;
  sourceContent?: Array<{ text?: string }>;
  location?: Record<string, { documentIndex?: number; start?: number; end?: number } | undefined>;
}

/**
 * Converse citations of an answer (from documents sent with `citations: { enabled: true }`) in the
 * RetrieveAndGenerate shape `result.citations` uses: the cited span of the answer text (`end`
 * inclusive), the quoted document text, and where in which document (`metadata.location`).
 */
export function documentCitations(message: BaseMessage | undefined): Citation[] {
  if (!message || typeof message.content === "string") return [];
  const citations: Citation[] = [];
  let offset = 0;
  for (const block of message.content as Block[]) {
    if (block.type === "text" && typeof block.text === "string") {
      offset += block.text.length;
      continue;
    }
    if (block.type !== "citations_content") continue;
    const content = block.citationsContent as {
      content?: Array<{ text?: string }>;
      citations?: ConverseCitation[];
    };
    const text = (content.content ?? []).map((part) => part.text ?? "").join("");
    const refs = content.citations ?? [];
    if (refs.length && text) {
      citations.push({
        generatedResponsePart: {
          textResponsePart: { text, span: { start: offset, end: offset + text.length - 1 } },
        },
        retrievedReferences: refs.map((ref) => ({
          content: {
            type: "TEXT",
            text: (ref.sourceContent ?? []).map((part) => part.text ?? "").join("\n"),
          },
          location: { type: "CUSTOM", customDocumentLocation: { id: ref.title ?? ref.source ?? "document" } },
          metadata: {
            ...(ref.title ? { title: ref.title } : {}),
            ...(ref.location ? { location: ref.location } : {}),
          },
        })),
        sourceIds: refs.map((ref) => ref.title ?? ref.source ?? "document"),
      });
    }
    offset += text.length;
  }
  return citations;
}
