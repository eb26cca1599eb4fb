// Compiles src/ (and the samples the CLI ships: the tool agent, the doc Q&A agent, the built-in tools) to
// dist/ with tsc: ESM JavaScript, .d.ts files and source maps. Run by `npm run build` and at `prepare`.
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });

// tsc rewrites `.ts` import specifiers in the JavaScript it emits, not in declaration files; rewrite
// those too, so the types resolve the same way for every TypeScript version and resolution mode.
const RELATIVE_TS = /(from\s+|import\()(["'])(\.{1,2}\/[^"']+)\.ts\2/g;
for (const file of walk(dist)) {
  if (!file.endsWith(".d.ts")) continue;
  const text = readFileSync(file, "utf8");
  const rewritten = text.replace(RELATIVE_TS, (_, head, quote, path) => `${head}${quote}${path}.js${quote}`);
  if (rewritten !== text) writeFileSync(file, rewritten);
}

// The sample corpus and guardrail config the CLI's shipped agents read, next to their compiled code.
cpSync(join(root, "graphs", "corpus"), join(dist, "graphs", "corpus"), { recursive: true });
cpSync(
  join(root, "graphs", "guardrails", "default.json"),
  join(dist, "graphs", "guardrails", "default.json"),
);

// The Studio's web UI, bundled with Vite into dist/ui (the installed package serves it as static files).
const { buildUi } = await import("./build-ui.mjs");
await buildUi(join(dist, "ui"));

// When the build finished: tests that run the compiled CLI rebuild when a source is newer.
writeFileSync(join(dist, ".build-stamp"), `${new Date().toISOString()}\n`);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
