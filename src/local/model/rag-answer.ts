import { analyze } from "../../kb/analyzer.ts";
import { splitSentences } from "../../kb/tokens.ts";
import { QUESTION_WORDS } from "../../text/stop-words.ts";
import { documentPages } from "../media.ts";
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

const documentText = (document: Block): string => documentPages(document).join("\n");

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

// Analyzed like the passages, so "gets" is left out as "get" is.
const QUESTION_STOP_WORDS = new Set(analyze([...QUESTION_WORDS].join(" ")));

/** A sentence made of flattened JSON (`holidays.0.date: 2025-01-01 ...`): quoted only when nothing else matches. */
const KEY_VALUE = /(?:^|\s)[\w-]+(?:\.[\w-]+)+:\s/g;
const isKeyValueNoise = (sentence: string) => (sentence.match(KEY_VALUE)?.length ?? 0) >= 2;

/** Splits flattened JSON into one record per array element (`holidays.3.date: … holidays.3.name: …`). */
function keyValueRecords(sentence: string): string[] {
  const pairs = sentence.split(/(?=(?:^|\s)[\w-]+(?:\.[\w-]+)+:\s)/).map((pair) => pair.trim());
  const records = new Map<string, string[]>();
  for (const pair of pairs) {
    const key = /^([\w-]+(?:\.[\w-]+)*)\.[\w-]+:/.exec(pair)?.[1] ?? "";
    records.set(key, [...(records.get(key) ?? []), pair]);
  }
  return [...records.values()].map((record) => record.join(" ")).filter(Boolean);
}

/** A leading Markdown heading glued to the first sentence by chunking (`# Sick leave Employees who…`). */
const stripHeading = (sentence: string) =>
  sentence.replace(/^#{1,6}\s+\p{Lu}\S*(?:\s+[\p{Ll}\d-]\S*)*\s+(?=\p{Lu})/u, "");

/** The topic terms of a question: stemmed content words without stop words or question words. */
export function questionTerms(question: string): Set<string> {
  return new Set(analyze(question).filter((term) => !QUESTION_STOP_WORDS.has(term)));
}

/** Share of the question's terms a sentence must hold to be quoted as the answer. */
const MIN_COVERAGE = 0.5;

interface Candidate {
  sentence: string;
  label: string;
  /** Share of question terms the sentence holds. */
  coverage: number;
  passage: number;
  order: number;
  noise: boolean;
}

function candidatesOf(terms: Set<string>, passages: Passage[]): Candidate[] {
  const candidates: Candidate[] = [];
  let order = 0;
  passages.forEach((passage, index) => {
    for (const raw of splitSentences(passage.text)) {
      const noise = isKeyValueNoise(raw);
      for (const part of noise ? keyValueRecords(raw) : [stripHeading(raw)]) {
        const words = new Set(analyze(part));
        let shared = 0;
        for (const term of terms) if (words.has(term)) shared++;
        candidates.push({
          sentence: part,
          label: passage.label,
          coverage: terms.size ? shared / terms.size : 0,
          passage: index,
          order: order++,
          noise,
        });
      }
    }
  });
  return candidates;
}

/**
 * An extractive answer: the one or two passage sentences that share the most question terms (stemmed
 * content words, stop and question words ignored), each followed by its citation marker `[label]`. Ties go
 * to the higher-ranked passage, then to the earlier sentence; flattened JSON (`key.0.field: value`) is
 * quoted only when no prose sentence matches, one record at a time. A sentence must hold at least half the
 * question's terms; otherwise the answer says the passages do not answer the question. Deterministic.
 */
export function extractiveAnswer(question: string, passages: Passage[]): string {
  const chosen = extractiveChoice(question, passages);
  if (!chosen.length) return `The retrieved passages do not answer this question.\n\n${RAG_DISCLOSURE}`;
  const body = chosen.map((c) => `${c.sentence} [${c.label}]`).join(" ");
  return `${body}\n\n${RAG_DISCLOSURE}`;
}

/** A quoted sentence and the passage (by index) it comes from. */
export interface Quote {
  sentence: string;
  label: string;
  passage: number;
}

/** The sentences {@link extractiveAnswer} quotes, in passage order (none when no sentence covers the question). */
export function extractiveChoice(question: string, passages: Passage[]): Quote[] {
  const terms = questionTerms(question);
  const matching = candidatesOf(terms, passages).filter((c) => c.coverage >= MIN_COVERAGE);
  const prose = matching.filter((c) => !c.noise);
  const ranked = (prose.length ? prose : matching).sort(
    (a, b) => b.coverage - a.coverage || a.passage - b.passage || a.order - b.order,
  );
  const best = ranked[0];
  if (!best) return [];
  // A second sentence only when it adds question terms' evidence nearly as well, from the same passage.
  const second = ranked.find(
    (c) =>
      c !== best &&
      c.passage === best.passage &&
      c.sentence !== best.sentence &&
      c.coverage >= best.coverage * 0.75,
  );
  const chosen = second ? [best, second].sort((a, b) => a.order - b.order) : [best];
  return chosen.map(({ sentence, label, passage }) => ({ sentence, label, passage }));
}

/**
 * The retrieval query for a question asked in a conversation: the question followed by the earlier
 * question of the session, so a follow-up such as "Do unused ones expire?" after "How many vacation days
 * do employees get?" searches for vacation days too (RetrieveAndGenerate sessions). Without earlier
 * questions it is the question itself.
 */
export function followUpQuery(question: string, earlier: readonly string[]): string {
  const previous = earlier.at(-1);
  return previous ? `${question} (${previous})` : question;
}

/**
 * The sentences to answer a follow-up with: those covering the question itself, else those covering the
 * question read with the earlier question ({@link followUpQuery}).
 */
export function followUpChoice(question: string, earlier: readonly string[], passages: Passage[]): Quote[] {
  const direct = extractiveChoice(question, passages);
  return direct.length || !earlier.length
    ? direct
    : extractiveChoice(followUpQuery(question, earlier), passages);
}
