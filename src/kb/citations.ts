import type { Source } from "../graph/state.ts";
import { analyze } from "./analyzer.ts";
import type { RetrievalLocation } from "./retriever.ts";

/** One citation in `RetrieveAndGenerate`'s shape: a span of the answer and the passages behind it. */
export interface Citation {
  generatedResponsePart: { textResponsePart: { text: string; span: { start: number; end: number } } };
  retrievedReferences: Array<{
    content: { type: "TEXT"; text: string };
    location?: RetrievalLocation;
    metadata?: Record<string, unknown>;
  }>;
  /** The run's source ids (`state.sources[].id`) the references are. Glassbox's addition. */
  sourceIds: string[];
}

const MARKER = /\s*\[((?:S\d+)(?:\s*,\s*S\d+)*)\]/g;

/**
 * Citations for an answer. Markers such as `[S1]` or `[S1, S3]` (the form Glassbox's prompt asks for)
 * cite the text before them back to the previous marker or sentence start; they are removed from the
 * returned text, and spans index that clean text (`end` inclusive, as Bedrock reports it). An answer
 * without markers is aligned sentence by sentence: a sentence cites the sources holding at least half of
 * its content words.
 */
export function buildCitations(
  answer: string,
  sources: readonly Source[],
): { text: string; citations: Citation[] } {
  const byId = new Map(sources.map((source) => [source.id, source]));
  if (!MARKER.test(answer)) return { text: answer, citations: alignCitations(answer, sources) };
  MARKER.lastIndex = 0;
  let text = "";
  let last = 0;
  let segmentStart = 0;
  const citations: Citation[] = [];
  for (const match of answer.matchAll(MARKER)) {
    text += answer.slice(last, match.index);
    last = match.index + match[0].length;
    const ids = (match[1] ?? "").split(/\s*,\s*/).filter((id) => byId.has(id));
    const raw = text.slice(segmentStart);
    const lead = (/^[\s.,;:!?)\]]*/.exec(raw)?.[0] ?? "").length;
    const start = segmentStart + lead;
    const part = text.slice(start);
    segmentStart = text.length;
    if (!ids.length || !part.trim()) continue;
    citations.push(
      citation(
        part,
        start,
        ids.map((id) => byId.get(id) as Source),
      ),
    );
  }
  text += answer.slice(last);
  return { text, citations };
}

function citation(part: string, start: number, cited: Source[]): Citation {
  return {
    generatedResponsePart: {
      textResponsePart: { text: part, span: { start, end: start + part.length - 1 } },
    },
    retrievedReferences: cited.map((source) => ({
      content: { type: "TEXT", text: source.text },
      ...(source.location ? { location: source.location as RetrievalLocation } : {}),
      ...(source.metadata ? { metadata: source.metadata } : {}),
    })),
    sourceIds: cited.map((source) => source.id),
  };
}

function alignCitations(answer: string, sources: readonly Source[]): Citation[] {
  const sourceTerms = sources.map((source) => new Set(analyze(source.text)));
  const citations: Citation[] = [];
  for (const match of answer.matchAll(/[^.!?\n]+[.!?]*/g)) {
    const sentence = match[0].trim();
    const terms = [...new Set(analyze(sentence))];
    if (terms.length < 2) continue;
    const cited = sources.filter((_, i) => {
      const have = sourceTerms[i] as Set<string>;
      return terms.filter((term) => have.has(term)).length / terms.length >= 0.5;
    });
    if (!cited.length) continue;
    const start = match.index + match[0].indexOf(sentence);
    citations.push(citation(sentence, start, cited));
  }
  return citations;
}
