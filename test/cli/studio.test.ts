import { describe, expect, it } from "vitest";
import { studioCommand } from "../../src/cli/commands/studio.ts";
import { devServerEnv, studioUrlFor } from "../../src/studio/dev-server.ts";
import { freePort } from "../helpers/ports.ts";

describe("glassbox studio", () => {
  it("keeps the dev server offline: analytics and LangSmith tracing off, no browser, the endpoint passed on", () => {
    const env = devServerEnv({ endpoint: "http://127.0.0.1:4010", env: { LANGSMITH_TRACING: "true" } });
    expect(env).toMatchObject({
      LANGGRAPH_CLI_NO_ANALYTICS: "1",
      LANGSMITH_TRACING: "false",
      BROWSER: "none",
      GLASSBOX_ENDPOINT: "http://127.0.0.1:4010",
    });
    expect(studioUrlFor("http://127.0.0.1:2025", "https://studio.example.com/")).toBe(
      "https://studio.example.com/studio?baseUrl=http%3A%2F%2F127.0.0.1%3A2025",
    );
  });

  it("starts the dev server on the given port with the local Bedrock, prints the URLs, and stops cleanly", async () => {
    const port = await freePort();
    let stdout = "";
    let stderr = "";
    let release: () => void = () => {};
    const stop = new Promise<void>((resolve) => {
      release = resolve;
    });
    const io = {
      stdout: (text: string) => {
        stdout += text;
        // Once the URLs are printed, check the server answers, then ask the command to stop.
        if (text.startsWith("API")) {
          fetch(`http://127.0.0.1:${port}/ok`)
            .then((response) => response.json())
            .then((body) => {
              stdout += `ok=${JSON.stringify(body)}\n`;
            })
            .finally(release);
        }
      },
      stderr: (text: string) => {
        stderr += text;
      },
      env: {},
    };
    const code = await studioCommand(["--port", String(port), "--local", "--no-reload"], io, stop);
    expect(code).toBe(0);
    expect(stdout).toContain(`API     http://127.0.0.1:${port}\n`);
    expect(stdout).toContain(
      `Studio  https://smith.langchain.com/studio?baseUrl=http%3A%2F%2F127.0.0.1%3A${port}`,
    );
    expect(stdout).toContain('ok={"ok":true}');
    expect(stderr).toMatch(/--local given: using the local Bedrock at http:\/\/127\.0\.0\.1:\d+/);
    await expect(fetch(`http://127.0.0.1:${port}/ok`)).rejects.toThrow();
  }, 120_000);

  it("rejects a bad port with a clear message", async () => {
    await expect(
      studioCommand(["--port", "99999"], { stdout: () => {}, stderr: () => {}, env: {} }),
    ).rejects.toThrow(/--port expects a whole number ≥ 1 and ≤ 65535, got "99999"/);
  });
});
