/**
 * Samples this process's memory every 5 ms from now: `base` is the usage at the start; `stop()` ends the
 * sampling and returns the peaks above it.
 */
export function startMemorySampler() {
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 5);
  return {
    base,
    stop(): { rssBytes: number; heapBytes: number } {
      clearInterval(sampler);
      return { rssBytes: peakRss - base.rss, heapBytes: peakHeap - base.heapUsed };
    },
  };
}
