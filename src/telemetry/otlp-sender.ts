import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { OtlpTarget } from "./otlp-config.ts";
import { OtlpExportError } from "./otlp-error.ts";

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const MAX_ATTEMPTS = 3;

/**
 * Posts OTLP request bodies to one signal's URL. Every timer is unref'd and idle keep-alive sockets
 * do not hold the event loop (Node unrefs free sockets), so an unreachable collector never keeps a
 * process alive; `abort()` ends whatever is still in flight.
 */
export class OtlpSender {
  private readonly agent: HttpAgent;
  private readonly inFlight = new Set<{ destroy(): void }>();
  private readonly parsed: URL;
  private aborted = false;

  constructor(readonly target: OtlpTarget) {
    this.parsed = new URL(target.url);
    this.agent =
      this.parsed.protocol === "https:"
        ? new HttpsAgent({ keepAlive: true, maxSockets: 4 })
        : new HttpAgent({ keepAlive: true, maxSockets: 4 });
  }

  /** Sends one request body; retries 429/502/503/504 and connection resets within the timeout. */
  async send(body: Uint8Array): Promise<void> {
    const deadline = Date.now() + this.target.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      if (this.aborted)
        throw new OtlpExportError(this.target.signal, this.target.url, "dropped: the exporter was shut down");
      const outcome = await this.post(body, deadline);
      if (outcome.ok) return;
      const retryIn = outcome.retryAfterMs ?? 100 * 2 ** (attempt - 1);
      if (!outcome.retryable || attempt >= MAX_ATTEMPTS || Date.now() + retryIn >= deadline)
        throw new OtlpExportError(this.target.signal, this.target.url, outcome.reason, outcome.status);
      await sleep(retryIn);
    }
  }

  /** Ends requests still in flight (their sends fail) and closes idle sockets. */
  abort(): void {
    this.aborted = true;
    for (const request of this.inFlight) request.destroy();
    this.inFlight.clear();
    this.agent.destroy();
  }

  private async post(
    body: Uint8Array,
    deadline: number,
  ): Promise<
    { ok: true } | { ok: false; retryable: boolean; reason: string; status?: number; retryAfterMs?: number }
  > {
    const headers = await this.headersFor(body);
    return new Promise((resolve) => {
      const send = this.parsed.protocol === "https:" ? httpsRequest : httpRequest;
      const remaining = Math.max(1, deadline - Date.now());
      const req = send(this.parsed, { method: "POST", headers, agent: this.agent });
      this.inFlight.add(req);
      const timer = setTimeout(() => req.destroy(new TimeoutError(remaining)), remaining);
      timer.unref();
      const done = (result: Parameters<typeof resolve>[0]) => {
        clearTimeout(timer);
        this.inFlight.delete(req);
        resolve(result);
      };
      req.on("response", (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => done({ ok: false, retryable: true, reason: describe(error) }));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return done({ ok: true });
          const text = Buffer.concat(chunks).toString("utf8").slice(0, 300);
          done({
            ok: false,
            retryable: RETRYABLE_STATUS.has(status),
            status,
            reason: `HTTP ${status}${errorMessage(text) ? `: ${errorMessage(text)}` : ""}`,
            ...retryAfter(res.headers["retry-after"]),
          });
        });
      });
      req.on("error", (error: Error & { code?: string }) =>
        done({
          ok: false,
          retryable: error.code === "ECONNRESET",
          reason: describe(error),
        }),
      );
      req.end(body);
    });
  }

  private async headersFor(body: Uint8Array): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      ...this.target.headers,
      "content-type": this.target.protocol === "http/json" ? "application/json" : "application/x-protobuf",
      "content-length": String(body.byteLength),
      "user-agent": "glassbox-otlp/0.1.0",
    };
    if (!this.target.sigv4) return headers;
    const { signRequest } = await import("./sigv4.ts");
    return signRequest(this.parsed, headers, body, this.target.sigv4);
  }
}

class TimeoutError extends Error {
  override name = "TimeoutError";
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

function describe(error: Error & { code?: string }): string {
  if (error instanceof TimeoutError) return `timed out (${error.message})`;
  const hint =
    error.code === "ECONNREFUSED"
      ? " (is the collector running and listening there?)"
      : error.code === "ENOTFOUND"
        ? " (unknown host)"
        : "";
  return `${error.code ?? error.name}${error.message && !error.code ? `: ${error.message}` : ""}${hint}`;
}

/** The message of an OTLP JSON error body (`google.rpc.Status`), when there is one. */
function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    // a protobuf or plain-text body: shown only when it is printable
  }
  return /^[\x20-\x7e\s]*$/.test(text) ? text.trim() : "";
}

function retryAfter(value: string | string[] | undefined): { retryAfterMs?: number } {
  const text = Array.isArray(value) ? value[0] : value;
  const seconds = text ? Number(text) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? { retryAfterMs: seconds * 1000 } : {};
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
