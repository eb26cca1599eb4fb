import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

/** Reads stdin one line at a time, whether a person types or lines are piped in. */
export interface LineReader {
  /** Writes the prompt and returns the next line, or undefined at the end of the input. */
  ask(prompt: string): Promise<string | undefined>;
  close(): void;
}

/** A line reader over a stream; prompts go to `write` (stdout), so piped transcripts read well. */
export function createLineReader(input: Readable, write: (text: string) => void): LineReader {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  const iterator = lines[Symbol.asyncIterator]();
  return {
    async ask(prompt) {
      write(prompt);
      const next = await iterator.next();
      if (next.done) {
        write("\n");
        return undefined;
      }
      if (!(input as { isTTY?: boolean }).isTTY) write(`${next.value}\n`);
      return next.value;
    },
    close: () => lines.close(),
  };
}
