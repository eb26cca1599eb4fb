// Bundles the Studio UI (src/studio/ui, Preact) into static files with Vite: `dist/ui` by default, served
// by `glassbox studio` from the installed package with no build tools. Run by scripts/build.mjs and, when
// the sources are newer than the bundle, by the test suite's global setup.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
export const UI_SOURCE = join(root, "src", "studio", "ui");
export const UI_SHARED = join(root, "src", "studio", "shared");
export const UI_OUT = join(root, "dist", "ui");

/** Builds the UI into `outDir`. */
export async function buildUi(outDir = UI_OUT) {
  const { build } = await import("vite");
  await build({
    configFile: false,
    root: UI_SOURCE,
    base: "./",
    logLevel: "warn",
    publicDir: false,
    oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      sourcemap: false,
      assetsInlineLimit: 0,
      cssCodeSplit: false,
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
      minify: process.env.GLASSBOX_UI_MINIFY !== "0",
    },
  });
  return outDir;
}

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds the UI unless `outDir` already holds a bundle newer than every source file. */
export async function ensureUi(outDir = UI_OUT) {
  const index = join(outDir, "index.html");
  const sources = Math.max(newest(UI_SOURCE), newest(UI_SHARED), statSync(new URL(import.meta.url)).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return { outDir, built: false };
  await buildUi(outDir);
  return { outDir, built: true };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) await buildUi();
