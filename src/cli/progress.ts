/** A progress bar of `width` cells for a ratio between 0 and 1: `[██████░░░░]`. */
export function bar(ratio: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, ratio)) * width);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}]`;
}

/** Progress of a long run on stderr: a redrawn bar on a terminal, a plain line every `every` items otherwise. */
export function createProgress(options: {
  write: (text: string) => void;
  tty: boolean;
  label: string;
  every?: number;
}) {
  const every = options.every ?? 25;
  let drawn = false;
  return {
    update(done: number, total: number, item: string) {
      if (options.tty) {
        const name = item.length > 40 ? `…${item.slice(-39)}` : item;
        options.write(`\r${options.label} ${bar(total ? done / total : 1)} ${done}/${total} ${name}\x1b[K`);
        drawn = true;
      } else if (done === total || done % every === 0) {
        options.write(`${options.label}: ${done}/${total} files\n`);
      }
    },
    done() {
      if (drawn) options.write("\n");
      drawn = false;
    },
  };
}
