/**
 * Installs `bench/sdk-peers/` (Strands Agents TS, the Vercel AI SDK) from its own lock file when it is
 * missing or stale. It cannot share the root install: Strands 1.16 (the last release for Node 20) wants
 * `@opentelemetry/exporter-trace-otlp-http` 0.219 and Glassbox pins 0.223.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIR = fileURLToPath(new URL("./sdk-peers/", import.meta.url));
const STAMP = `${DIR}node_modules/.glassbox-lock-sha256`;

/** Makes sure the peers are installed; says why not when they cannot be (the bench then skips them). */
export function ensureSdkPeers(): { ok: true } | { ok: false; reason: string } {
  const lock = createHash("sha256")
    .update(readFileSync(`${DIR}package-lock.json`))
    .digest("hex");
  if (existsSync(STAMP) && readFileSync(STAMP, "utf8") === lock) return { ok: true };
  try {
    console.log("installing bench/sdk-peers (npm ci)...");
    execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: DIR,
      stdio: ["ignore", "inherit", "inherit"],
    });
    writeFileSync(STAMP, lock);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `npm ci in bench/sdk-peers failed: ${(error as Error).message}` };
  }
}
