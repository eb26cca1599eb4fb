import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** Starts the local Bedrock in a child process and returns its URL (with `barrier`, its holding proxy's). */
export async function spawnLocalBedrock(
  latencyMs = 0,
  barrier = false,
): Promise<{ url: string; stop(): Promise<void> }> {
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
  const url = chunk.toString().trim();
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}
