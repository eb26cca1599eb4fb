import { connect } from "node:net";
import type { BaseCheckpointSaver } from "@langchain/langgraph";

/** One dependency the server needs before it should take traffic. */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or outlasts the timeout) when it does not. */
  check(signal: AbortSignal): Promise<void>;
}

/** The outcome of every check: what `GET /ready` reports. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; ms: number; error?: string }>;
}

/**
 * The model endpoint accepts TCP connections (DNS resolves, the port answers). It costs no tokens and
 * needs no credentials, so it works for Amazon Bedrock, a VPC endpoint, or a local Bedrock alike.
 */
export function modelEndpointCheck(endpoint: string): ReadinessCheck {
  const url = new URL(endpoint);
  const port = Number(url.port) || (url.protocol === "http:" ? 80 : 443);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return {
    name: "model",
    check: (signal) =>
      new Promise<void>((resolve, reject) => {
        const socket = connect({ host, port, signal });
        socket.once("connect", () => {
          socket.destroy();
          resolve();
        });
        socket.once("error", (error) => reject(new Error(`${host}:${port}: ${describe(error)}`)));
      }),
  };
}

/** The checkpointer answers a read (one `getTuple` for a thread that never exists). */
export function checkpointerCheck(saver: BaseCheckpointSaver): ReadinessCheck {
  return {
    name: "checkpointer",
    check: async (signal) => {
      const read = saver.getTuple({
        configurable: { thread_id: "glassbox-readiness-probe", checkpoint_ns: "" },
      });
      await Promise.race([read, aborted(signal)]);
    },
  };
}

/** Runs every check at once, each bounded by `timeoutMs`. */
export async function checkReadiness(
  checks: readonly ReadinessCheck[],
  timeoutMs = 2_000,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    checks.map(async (item) => {
      const started = performance.now();
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        await Promise.race([item.check(signal), aborted(signal)]);
        return [item.name, { ok: true, ms: Math.round(performance.now() - started) }] as const;
      } catch (error) {
        const ms = Math.round(performance.now() - started);
        const message = signal.aborted ? `no answer within ${timeoutMs} ms` : describe(error);
        return [item.name, { ok: false, ms, error: message }] as const;
      }
    }),
  );
  return { ready: entries.every(([, result]) => result.ok), checks: Object.fromEntries(entries) };
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

function describe(error: unknown): string {
  const err = error as { code?: string; message?: string; errors?: unknown[] };
  if (err?.code) return err.code;
  // AggregateError (a host with several addresses) carries the codes on its members.
  const inner = err?.errors?.[0] as { code?: string } | undefined;
  return inner?.code ?? err?.message ?? String(error);
}
