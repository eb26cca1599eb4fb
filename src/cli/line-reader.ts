import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

/** Reads stdin one line at a time, whether a person types or lines are piped in. */
export interface LineReader {
  /**
   * Writes the prompt and returns the next line, or undefined at the end of the input. At a terminal,
   * `prefill` is typed into the line for the person to edit; piped input reads as it comes.
   */
  ask(prompt: string, options?: { prefill?: string }): Promise<string | undefined>;
  /** Whether a person types at a terminal (prefill works) rather than lines being piped in. */
  readonly interactive: boolean;
  close(): void;
}

/** A line reader over a stream; prompts go to `write` (stdout), so piped transcripts read well. */
export function createLineReader(input: Readable, write: (text: string) => void): LineReader {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: interactive });
  const iterator = lines[Symbol.asyncIterator]();
  return {
    interactive,
    async ask(prompt, options = {}) {
      write(prompt);
      if (interactive && options.prefill) lines.write(options.prefill);
      const next = await iterator.next();
      if (next.done) {
        write("\n");
        return undefined;
      }
      if (!interactive) write(`${next.value}\n`);
      return next.value;
    },
    close: () => lines.close(),
  };
}
