import { documentPages } from "../media.ts";
import type { OutputContentBlock, WireCitation, WireMessage } from "../model-contract.ts";
import { extractiveChoice, type Passage, RAG_DISCLOSURE } from "./rag-answer.ts";

type Block = Record<string, unknown>;

interface DocumentPassage extends Passage {
  documentIndex: number;
  /** 1-based page for PDFs; absent for text documents (cited by character). */
  page?: number;
}

/** The documents of a user turn sent with `citations: { enabled: true }`, one passage per page. */
export function citedDocuments(message: WireMessage | undefined): DocumentPassage[] {
  if (message?.role !== "user") return [];
  const passages: DocumentPassage[] = [];
  let documentIndex = 0;
  for (const block of message.content as Block[]) {
    const document = block.document as Block | undefined;
    if (!document) continue;
    const index = documentIndex++;
    if (!(document.citations as { enabled?: boolean } | undefined)?.enabled) continue;
    const pages = documentPages(document);
    const label = String(document.name ?? `document ${index + 1}`);
    const paged = document.format === "pdf";
    pages.forEach((text, page) => {
      passages.push({ label, text, documentIndex: index, ...(paged ? { page: page + 1 } : {}) });
    });
  }
  return passages;
}

/**
 * An extractive answer from cited documents as Converse returns it: each quoted sentence in a
 * `citationsContent` block citing its document by page (PDF) or character span (text), then the
 * disclosure line as plain text.
 */
export function citedAnswer(question: string, passages: DocumentPassage[]): OutputContentBlock[] {
  const quotes = extractiveChoice(question, passages);
  if (!quotes.length) return [{ text: `The documents do not answer this question.\n\n${RAG_DISCLOSURE}` }];
  const blocks: OutputContentBlock[] = quotes.map((quote) => {
    const passage = passages[quote.passage] as DocumentPassage;
    const start = Math.max(0, passage.text.indexOf(quote.sentence));
    const location: WireCitation["location"] =
      passage.page !== undefined
        ? { documentPage: { documentIndex: passage.documentIndex, start: passage.page, end: passage.page } }
        : {
            documentChar: { documentIndex: passage.documentIndex, start, end: start + quote.sentence.length },
          };
    return {
      citationsContent: {
        content: [{ text: `${quote.sentence} ` }],
        citations: [{ title: passage.label, sourceContent: [{ text: quote.sentence }], location }],
      },
    };
  });
  return [...blocks, { text: `\n\n${RAG_DISCLOSURE}` }];
}
