import { splitLocalDisclosure } from "../disclosure.ts";

const DISCLOSURE_NOTE = /\(Glassbox local model:/;

/** The honest closing line of every final answer. */
export const DISCLOSURE = "(Glassbox local model: deterministic rules, not an LLM.)";

/** A tool result as the model reads it, joined with the call that asked for it. */
export interface ToolOutcome {
  tool: string;
  input: Record<string, unknown>;
  status: "success" | "error";
  /** The result: parsed JSON when it was JSON, else the text. */
  value: unknown;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The result's content as one value: JSON parts parsed, text parts parsed when they are JSON. */
export function resultValue(content: Array<{ text?: string; json?: unknown }>): unknown {
  const values = content.map((part) => (part.json !== undefined ? part.json : parse(part.text ?? "")));
  return values.length === 1 ? values[0] : values;
}

const str = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** One sentence for one tool result, keeping the values verbatim. */
export function describeOutcome({ tool, input, status, value }: ToolOutcome): string {
  if (status === "error") return `The ${tool} tool failed: ${str(value).replace(/^Error:\s*/, "")}`;
  // Another agent's answer (an agent as a tool): its own "not an LLM" note is said once, at the end.
  if (typeof value === "string" && DISCLOSURE_NOTE.test(value))
    return `${tool}: ${splitLocalDisclosure(value).claims}`;
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if ("result" in v && typeof input.expression === "string")
      return `${input.expression} = ${str(v.result)}.`;
    if ("result" in v && "from" in v && "to" in v && "value" in v)
      return `${str(v.value)} ${str(v.from)} = ${str(v.result)} ${str(v.to)}.`;
    if ("result" in v && "unit" in v)
      return `${str(v.result)} ${str(v.unit)} from ${str(v.from)} to ${str(v.to)}.`;
    if ("weekday" in v && "date" in v) return `${str(v.date)} is a ${str(v.weekday)}.`;
    for (const key of ["result", "answer", "value", "date"]) if (key in v) return `${tool}: ${str(v[key])}.`;
  }
  return `${tool} returned ${str(value)}.`;
}

/** The final answer from the tool results. */
export function composeAnswer(outcomes: ToolOutcome[]): string {
  const lines = outcomes.map(describeOutcome);
  return `${lines.join(" ")}\n\n${DISCLOSURE}`;
}

const GREETING = /^\s*(hi|hello|hey|good (morning|afternoon|evening))\b/i;

/** The answer when no tool fits: plain about what this model is and what it can do. */
export function directAnswer(question: string, toolNames: string[]): string {
  if (GREETING.test(question)) {
    return `Hello. I am Glassbox's local model: deterministic rules, not an LLM. ${
      toolNames.length
        ? `Ask me something one of my tools can answer (${toolNames.join(", ")}).`
        : "I have no tools in this conversation."
    }`;
  }
  const tools = toolNames.length
    ? `None of the available tools (${toolNames.join(", ")}) fits this question.`
    : "No tools were given, so I cannot look anything up or compute anything.";
  return `I can't answer that. ${tools} I am Glassbox's local model: deterministic rules, not an LLM, so I only answer questions a tool can work out.`;
}
