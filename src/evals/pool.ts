/** A concurrency pool: at most `size` tasks run at once; the rest wait in order. */
export interface Pool {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
}

export function createPool(size: number): Pool {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return {
    get active() {
      return active;
    },
    async run(task) {
      if (active >= size) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
