import type { Progress } from "../evals/runner.ts";
import { bar } from "./progress.ts";

const clock = (seconds: number) => {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

/** One progress line of an evaluation run: bar, counts, rate, ETA, errors and cost so far. */
export function progressLine(progress: Progress, now = Date.now(), width = 24): string {
  const elapsed = (now - progress.startedAt) / 1000;
  const fresh = progress.done - progress.skipped;
  const rate = elapsed > 0 ? fresh / elapsed : 0;
  const eta = rate > 0 ? (progress.total - progress.done) / rate : Number.POSITIVE_INFINITY;
  return `${bar(progress.total ? progress.done / progress.total : 1, width)} ${progress.done}/${progress.total} ${rate.toFixed(1)}/s ETA ${clock(eta)} elapsed ${clock(elapsed)} errors ${progress.errors} $${progress.costUsd.toFixed(4)}`;
}

/**
 * A progress bar on a terminal (redrawn in place, at most every 100 ms), or a line every 10% when the
 * output is not a terminal (CI logs).
 */
export function createProgressBar(write: (text: string) => void, isTTY: boolean) {
  let lastDraw = 0;
  let lastDecile = -1;
  return {
    update(progress: Progress) {
      const now = Date.now();
      const finished = progress.done === progress.total;
      if (isTTY) {
        if (!finished && now - lastDraw < 100) return;
        lastDraw = now;
        write(`\r${progressLine(progress, now)}\x1b[K`);
        if (finished) write("\n");
        return;
      }
      const decile = Math.floor((progress.done / Math.max(1, progress.total)) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        write(`${progressLine(progress, now)}\n`);
      }
    },
  };
}
