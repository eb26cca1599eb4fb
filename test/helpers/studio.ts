import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { shippedStudioGraphs } from "../../src/cli/studio-graphs.ts";
import type { LocalBedrock } from "../../src/local/index.ts";
import type { RunEvent } from "../../src/studio/shared/api-types.ts";
import { SpanStore } from "../../src/studio/span-store.ts";
import {
  type StudioServer,
  type StudioServerOptions,
  startStudioServer,
} from "../../src/studio/studio-server.ts";
import { setupTelemetry, type Telemetry } from "../../src/telemetry/setup.ts";
import { startTestBedrock } from "../../src/testing/index.ts";
import { type Checkpointer, createCheckpointer } from "../../src/threads/checkpointer.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Headless Debian Chromium, as CI installs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Where browser tests leave screenshots (gitignored). */
export function artifactsDir(): string {
  const dir = join(import.meta.dirname, "../../test-artifacts/studio");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A Studio on a local Bedrock with the shipped graphs on a SQLite thread store. */
export interface TestStudio {
  studio: StudioServer;
  local: LocalBedrock;
  store: Checkpointer;
  telemetry: Telemetry;
  close(): Promise<void>;
}

export async function startTestStudio(
  dir: string,
  options: { only?: string[] } & Partial<Omit<StudioServerOptions, "graphs" | "saver">> = {},
): Promise<TestStudio> {
  const local = await startTestBedrock();
  const store = await createCheckpointer(`sqlite:${join(dir, "threads.db")}`);
  const spans = new SpanStore();
  const telemetry = setupTelemetry({ serviceName: "glassbox-studio-test", spanProcessors: [spans] });
  const { only, ...rest } = options;
  const shipped = await shippedStudioGraphs({
    saver: store.saver,
    telemetry,
    endpoint: local.url,
    env: { GLASSBOX_KB_DIR: join(dir, "kb") },
    ...(only ? { only } : {}),
  });
  const studio = await startStudioServer({
    graphs: shipped.graphs,
    saver: store.saver,
    spans,
    storeName: "sqlite:threads.db",
    ...rest,
  });
  return {
    studio,
    local,
    store,
    telemetry,
    close: async () => {
      await studio.close();
      shipped.close();
      await store.close();
      await telemetry.shutdown({ timeoutMs: 1_000 });
      await local.close();
    },
  };
}

/** Records console errors, page errors and every request a page makes. */
export function watchPage(page: Page) {
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("request", (request) => requests.push(request.url()));
  return { problems, requests };
}

/** A client of a Studio server's JSON API, as the UI calls it (same origin). */
export function studioApi(url: string) {
  return {
    async post(path: string, body: unknown) {
      const response = await fetch(`${url}/api/${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: url },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    get: async <T>(path: string) => (await (await fetch(`${url}/api/${path}`)).json()) as T,
    /** Reads a Server-Sent Events stream until `until` says stop. */
    async readEvents(path: string, until: (event: RunEvent) => boolean): Promise<RunEvent[]> {
      const response = await fetch(`${url}/api/${path}`);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const events: RunEvent[] = [];
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return events;
        buffer += new TextDecoder().decode(value);
        let cut = buffer.indexOf("\n\n");
        while (cut >= 0) {
          const data = buffer
            .slice(0, cut)
            .split("\n")
            .find((line) => line.startsWith("data: "));
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf("\n\n");
          if (!data) continue;
          const event = JSON.parse(data.slice(6)) as RunEvent;
          events.push(event);
          if (until(event)) {
            await reader.cancel();
            return events;
          }
        }
      }
    },
  };
}

/** Whether a run's event ends a segment (paused, done or failed). */
export const settled = (event: RunEvent) =>
  event.type === "paused" || event.type === "done" || event.type === "error";
