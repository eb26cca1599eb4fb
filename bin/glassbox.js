#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build`, which `npm ci` and `npm pack` run as `prepare`).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const entry = new URL("../dist/src/cli/main.js", import.meta.url);
let cli;
try {
  cli = await import(entry.href);
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes(entry.pathname)) throw error;
  process.stderr.write(
    "glassbox: the CLI is not built (no dist/): run `npm run build` in the glassbox checkout\n",
  );
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
