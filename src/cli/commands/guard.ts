import { readFile } from "node:fs/promises";
import type { GuardrailContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { BedrockGuardrail } from "../../guardrails/bedrock-guardrail.ts";
import { loadGuardrailConfig } from "../../guardrails/config.ts";
import type { Guardrail, GuardrailResponse, GuardrailSource } from "../../guardrails/guardrail.ts";
import { LocalGuardrail } from "../../guardrails/local-guardrail.ts";
import { createBedrockRuntimeClient } from "../../model/client.ts";
import { parseFlags } from "../args.ts";
import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";

const FLAGS = {
  help: { type: "boolean", short: "h" },
  config: { type: "string" },
  "guardrail-id": { type: "string" },
  "guardrail-version": { type: "string" },
  region: { type: "string" },
  endpoint: { type: "string" },
  source: { type: "string" },
  "grounding-source": { type: "string" },
  query: { type: "string" },
  full: { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** `glassbox guard`: applies a guardrail to one text and prints the assessment. Exit 1 when it intervened. */
export async function guardCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags("guard", args, FLAGS);
  if (values.help) {
    io.stdout(HELP.guard);
    return 0;
  }
  const text = positionals.join(" ");
  if (!text)
    throw new UsageError(
      'guard needs a text, e.g. glassbox guard --config g.json "my card is 4111 1111 1111 1111"',
    );
  const source = (values.source ?? "INPUT").toUpperCase();
  if (source !== "INPUT" && source !== "OUTPUT") {
    throw new UsageError(`--source expects INPUT or OUTPUT, got "${values.source}"`);
  }
  const guardrail = await guardrailFrom(values);
  const content: GuardrailContentBlock[] = [];
  if (values["grounding-source"]) {
    content.push({
      text: { text: await textArg(values["grounding-source"]), qualifiers: ["grounding_source"] },
    });
  }
  if (values.query) content.push({ text: { text: values.query, qualifiers: ["query"] } });
  content.push({ text: { text, ...(content.length ? { qualifiers: ["guard_content" as const] } : {}) } });
  const response = await guardrail.apply({
    source: source as GuardrailSource,
    content,
    ...(values.full ? { outputScope: "FULL" as const } : {}),
  });
  io.stdout(
    values.json ? `${JSON.stringify(response, null, 2)}\n` : renderAssessment(guardrail, source, response),
  );
  return response.action === "GUARDRAIL_INTERVENED" ? 1 : 0;
}

async function guardrailFrom(values: {
  config?: string;
  "guardrail-id"?: string;
  "guardrail-version"?: string;
  region?: string;
  endpoint?: string;
}): Promise<Guardrail> {
  if (values.config && values["guardrail-id"]) {
    throw new UsageError(
      "pass either --config <file> (local engine) or --guardrail-id (Amazon Bedrock), not both",
    );
  }
  if (values.config) return new LocalGuardrail(await loadGuardrailConfig(values.config));
  if (values["guardrail-id"]) {
    return new BedrockGuardrail({
      client: createBedrockRuntimeClient({ region: values.region, endpoint: values.endpoint }),
      guardrailIdentifier: values["guardrail-id"],
      guardrailVersion: values["guardrail-version"] ?? "DRAFT",
    });
  }
  throw new UsageError("guard needs --config <file> (a CreateGuardrail JSON) or --guardrail-id <id>");
}

/** `@path` reads a file; anything else is the text itself. */
async function textArg(value: string): Promise<string> {
  if (!value.startsWith("@")) return value;
  try {
    return await readFile(value.slice(1), "utf8");
  } catch (error) {
    throw new UsageError(
      `--grounding-source ${value}: cannot read the file (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

/** A readable assessment: the verdict, the output, one line per policy finding, usage and coverage. */
export function renderAssessment(guardrail: Guardrail, source: string, response: GuardrailResponse): string {
  const lines = [`guardrail ${guardrail.id} (version ${guardrail.version}) · source ${source}`];
  lines.push(`action     ${response.action}${response.actionReason ? ` (${response.actionReason})` : ""}`);
  for (const output of response.outputs ?? []) lines.push(`output     ${output.text}`);
  const findings: string[][] = [];
  for (const a of response.assessments ?? []) {
    for (const t of a.topicPolicy?.topics ?? [])
      findings.push(["denied topic", t.name ?? "", String(t.action)]);
    for (const f of a.contentPolicy?.filters ?? []) {
      findings.push([
        "content filter",
        `${f.type} confidence ${f.confidence} (strength ${f.filterStrength})`,
        String(f.action),
      ]);
    }
    for (const w of a.wordPolicy?.customWords ?? [])
      findings.push(["word", `"${w.match}"`, String(w.action)]);
    for (const w of a.wordPolicy?.managedWordLists ?? [])
      findings.push([`word ${w.type}`, `"${w.match}"`, String(w.action)]);
    for (const p of a.sensitiveInformationPolicy?.piiEntities ?? [])
      findings.push(["PII", `${p.type} "${p.match}"`, String(p.action)]);
    for (const r of a.sensitiveInformationPolicy?.regexes ?? [])
      findings.push(["regex", `${r.name} "${r.match}"`, String(r.action)]);
    for (const g of a.contextualGroundingPolicy?.filters ?? []) {
      findings.push(["grounding", `${g.type} score ${g.score} (threshold ${g.threshold})`, String(g.action)]);
    }
  }
  if (findings.length) {
    const widths = [0, 1].map((i) => Math.max(...findings.map((row) => (row[i] ?? "").length)));
    lines.push("findings");
    for (const row of findings) {
      lines.push(
        `  ${(row[0] ?? "").padEnd(widths[0] ?? 0)}  ${(row[1] ?? "").padEnd(widths[1] ?? 0)}  ${row[2]}`,
      );
    }
  } else lines.push("findings   none");
  const usage = Object.entries(response.usage ?? {})
    .filter(([, units]) => typeof units === "number" && units > 0)
    .map(([name, units]) => `${name.replace(/Units$/, "")} ${units}`);
  const coverage = response.guardrailCoverage?.textCharacters;
  const latency = response.assessments?.[0]?.invocationMetrics?.guardrailProcessingLatency;
  lines.push(
    `usage      ${usage.join(", ") || "no units"}${coverage ? ` · ${coverage.guarded}/${coverage.total} characters guarded` : ""}${latency !== undefined ? ` · ${latency} ms` : ""}`,
  );
  return `${lines.join("\n")}\n`;
}
