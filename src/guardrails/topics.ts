import { contentWords } from "./text-normalize.ts";

/** A denied topic as configured: name, definition and up to five example phrases. */
export interface TopicSpec {
  name: string;
  definition: string;
  examples?: string[];
}

/** Score at or above which a denied topic is detected. */
export const TOPIC_THRESHOLD = 0.5;

/**
 * How strongly a text is about a denied topic (0..1), offline: the best overlap of its content words
 * with any one example (an example's words mostly present scores high), blended with its overlap with
 * the definition and the topic's name. A lexical stand-in for Bedrock's classifier.
 */
export function scoreTopic(text: string, topic: TopicSpec): number {
  const words = new Set(contentWords(text));
  if (!words.size) return 0;
  const coverage = (phrase: string) => {
    const target = [...new Set(contentWords(phrase))];
    if (!target.length) return 0;
    return target.filter((word) => words.has(word)).length / target.length;
  };
  const example = Math.max(0, ...(topic.examples ?? []).map(coverage));
  const definition = coverage(topic.definition);
  const name = coverage(topic.name);
  return Math.min(1, Math.max(example, 0.6 * definition + 0.4 * name, name === 1 ? 0.6 : 0));
}
