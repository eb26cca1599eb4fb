import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/**
 * Starts the local Bedrock in a child process and returns its URL (with `barrier`, its holding proxy's)
 * and the URL of an OTLP/HTTP sink next to it.
 */
export async function spawnLocalBedrock(
  latencyMs = 0,
  barrier = false,
): Promise<{ url: string; otlpUrl: string; stop(): Promise<void> }> {
  const script = fileURLToPath(new URL("./local-server-process.ts", import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", script, String(latencyMs), ...(barrier ? ["barrier"] : [])],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    },
  );
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  const [url = "", otlpUrl = ""] = chunk.toString().trim().split("\n");
  return {
    url,
    otlpUrl,
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}
