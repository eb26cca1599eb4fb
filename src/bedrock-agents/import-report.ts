/** One field of the Bedrock Agent definition and what the import did with it. */
export interface ImportReportItem {
  /** Where in the definition: `agent.instruction`, `actionGroups[OrderApi]`, `agent.memoryConfiguration`... */
  field: string;
  /** `carried`: the module does the same; `adapted`: the module does the nearest Glassbox equivalent. */
  status: "carried" | "adapted" | "not-carried";
  /** What the module does with it, or why it cannot be carried over. */
  detail: string;
}

/** What `importAgentDefinition` carried over and what it could not. */
export interface ImportReport {
  agent: { agentId: string; agentName: string; agentVersion: string; region?: string };
  items: ImportReportItem[];
}

/** The items that could not be carried over (what `--strict` refuses). */
export function notCarried(report: ImportReport): ImportReportItem[] {
  return report.items.filter((item) => item.status === "not-carried");
}

const HEADINGS: Record<ImportReportItem["status"], string> = {
  carried: "Carried over",
  adapted: "Carried over with a Glassbox equivalent",
  "not-carried": "Not carried over",
};

/** The report as Markdown (`import-report.md`). */
export function renderImportReport(report: ImportReport): string {
  const { agent } = report;
  const lines = [
    `# Import report: ${agent.agentName} (${agent.agentId}, version ${agent.agentVersion}${agent.region ? `, ${agent.region}` : ""})`,
    "",
  ];
  const missing = notCarried(report).length;
  lines.push(
    missing
      ? `${missing} item(s) could not be carried over; the module runs without them (see the last section).`
      : "Nothing was left out: every field was carried over as is or with its Glassbox equivalent.",
    "",
  );
  for (const status of ["carried", "adapted", "not-carried"] as const) {
    const items = report.items.filter((item) => item.status === status);
    if (!items.length) continue;
    lines.push(`## ${HEADINGS[status]}`, "");
    for (const item of items) lines.push(`- \`${item.field}\`: ${item.detail}`);
    lines.push("");
  }
  return lines.join("\n");
}
