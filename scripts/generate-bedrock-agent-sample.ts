// Regenerates graphs/bedrock-agent-sample/ (agent.ts, its schemas, definition.json, the import report)
// from the sample's raw API outputs in api/, with imports relative to src/, then formats it as the repo
// does. test/bedrock-agents/import-agent.test.ts checks the committed files are what this writes.
// Run: node --import tsx scripts/generate-bedrock-agent-sample.ts
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  importAgentDefinition,
  loadAgentDefinition,
  renderImportReport,
} from "../src/bedrock-agents/index.ts";

const root = join(import.meta.dirname, "..");
const out = join(root, "graphs", "bedrock-agent-sample");
const definition = await loadAgentDefinition(join(out, "api"));
const { files, report } = importAgentDefinition(definition, {
  importFrom: (entry) => (entry ? `../../src/${entry}/index.ts` : "../../src/index.ts"),
});
const all = {
  ...files,
  "import-report.md": renderImportReport(report),
  "import-report.json": `${JSON.stringify(report, null, 2)}\n`,
};
for (const [name, text] of Object.entries(all)) {
  await mkdir(dirname(join(out, name)), { recursive: true });
  await writeFile(join(out, name), text);
}
execFileSync(join(root, "node_modules", ".bin", "biome"), ["format", "--write", out], { stdio: "inherit" });
