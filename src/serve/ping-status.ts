/** What `GET /ping` answers (the AgentCore Runtime HTTP contract). */
export interface PingResponse {
  status: "Healthy" | "HealthyBusy";
  /** Unix seconds of the last change of `status`: it moves only when the status changes. */
  time_of_last_update: number;
}

/**
 * The `/ping` status: `HealthyBusy` while any invocation runs, `Healthy` when idle. The time moves
 * only on a change, as AgentCore requires: a timestamp that advanced on every ping would keep an idle
 * session from ever timing out. Plain counters, so a ping never waits on anything a run holds.
 */
export function createPingStatus(now: () => number = Date.now) {
  let busy = 0;
  let changedAt = Math.floor(now() / 1000);
  const set = (next: number) => {
    if (next > 0 !== busy > 0) changedAt = Math.floor(now() / 1000);
    busy = next;
  };
  return {
    /** Marks one unit of work started; the returned function marks it done (once). */
    begin(): () => void {
      set(busy + 1);
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        set(busy - 1);
      };
    },
    get busy(): number {
      return busy;
    },
    current(): PingResponse {
      return { status: busy > 0 ? "HealthyBusy" : "Healthy", time_of_last_update: changedAt };
    },
  };
}
export type PingStatus = ReturnType<typeof createPingStatus>;
