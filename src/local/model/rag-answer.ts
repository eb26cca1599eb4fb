import { analyze } from "../../kb/analyzer.ts";
import { splitSentences } from "../../kb/tokens.ts";
import type { WireMessage } from "../model-contract.ts";

/** A passage the local model may answer from, with the label it cites it by (S1, a document name...). */
export interface Passage {
  label: string;
  text: string;
}

/** The closing line of an extractive answer. */
export const RAG_DISCLOSURE =
  "(Glassbox local model: sentences quoted from the retrieved passages by word overlap; deterministic rules, not an LLM.)";

type Block = Record<string, unknown>;

function documentText(document: Block): string {
  const source = (document.source ?? {}) as Block;
  if (typeof source.text === "string") return source.text;
  if (Array.isArray(source.content)) {
    return (source.content as Block[])
      .map((part) => (typeof part.text === "string" ? part.text : ""))
      .join("\n");
  }
  const format = String(document.format ?? "txt");
  if (typeof source.bytes === "string" && ["txt", "md", "html", "csv"].includes(format)) {
    return Buffer.from(source.bytes, "base64").toString("utf8");
  }
  return "";
}

/** Passages in a user turn: Converse `document` and `searchResult` blocks. */
export function passagesInMessage(message: WireMessage | undefined): Passage[] {
  if (message?.role !== "user") return [];
  const passages: Passage[] = [];
  for (const block of message.content as Block[]) {
    if (block.document && typeof block.document === "object") {
      const document = block.document as Block;
      const text = documentText(document);
      if (text) passages.push({ label: String(document.name ?? `D${passages.length + 1}`), text });
    } else if (block.searchResult && typeof block.searchResult === "object") {
      const result = block.searchResult as Block;
      const text = ((result.content ?? []) as Block[]).map((part) => String(part.text ?? "")).join("\n");
      if (text)
        passages.push({ label: String(result.title ?? result.source ?? `R${passages.length + 1}`), text });
    }
  }
  return passages;
}

/** Passages in a tool result shaped `{results: [{id, text}]}` (the `kb_search` tool's observation). */
export function passagesInToolValue(value: unknown): Passage[] {
  if (!value || typeof value !== "object" || !Array.isArray((value as Block).results)) return [];
  return ((value as Block).results as Block[]).flatMap((result, i) =>
    typeof result.text === "string" ? [{ label: String(result.id ?? `R${i + 1}`), text: result.text }] : [],
  );
}

/**
 * An extractive answer: the passage sentences that share the most content words with the question
 * (the best, plus up to two more scoring at least half as well), each followed by its citation marker
 * `[label]`. When nothing overlaps, it says the passages do not answer the question.
 */
export function extractiveAnswer(question: string, passages: Passage[]): string {
  const terms = new Set(analyze(question));
  const candidates: Array<{ sentence: string; label: string; score: number; order: number }> = [];
  let order = 0;
  for (const passage of passages) {
    for (const sentence of splitSentences(passage.text)) {
      const words = new Set(analyze(sentence));
      let shared = 0;
      for (const term of terms) if (words.has(term)) shared++;
      // Shared words count most; a shorter sentence wins a tie (less off-topic text).
      const score = terms.size ? shared / terms.size - words.size / 10_000 : 0;
      candidates.push({ sentence, label: passage.label, score, order: order++ });
    }
  }
  const ranked = candidates.filter((c) => c.score > 0).sort((a, b) => b.score - a.score || a.order - b.order);
  const best = ranked[0];
  if (!best) return `The retrieved passages do not answer this question.\n\n${RAG_DISCLOSURE}`;
  const chosen = [
    best,
    ...ranked
      .slice(1)
      .filter((c) => c.score >= best.score / 2 && c.sentence !== best.sentence)
      .slice(0, 2),
  ];
  chosen.sort((a, b) => a.order - b.order);
  const body = chosen.map((c) => `${c.sentence} [${c.label}]`).join(" ");
  return `${body}\n\n${RAG_DISCLOSURE}`;
}
