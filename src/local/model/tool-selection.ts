import type { WireToolSpec } from "../model-contract.ts";
import { findEnumValues, type ObjectSchema } from "./argument-filling.ts";
import { contentWords, ISO_DATE, identifierWords } from "./text.ts";

const ARITHMETIC_TOOL = /arithmetic|calculat|expression|math/i;
const MATH_WORDS = /\b(plus|minus|times|divided|multiplied|percent|sqrt|squared|mod)\b/i;
const RELATIVE_DAY = /\b(today|tomorrow|yesterday)\b/i;
const THRESHOLD = 2;

function hasArithmetic(clause: string): boolean {
  const text = clause.replace(ISO_DATE, " ");
  return (
    /\d/.test(text) &&
    (/\d\s*[-+*/^×÷%]\s*\(?\d?|\)\s*[-+*/^]/.test(text) || MATH_WORDS.test(text) || /%\s*of\b/.test(text))
  );
}

function hasDateField(schema: ObjectSchema): boolean {
  return Object.entries(schema.properties ?? {}).some(([name, property]) =>
    /date/i.test(`${name} ${property.description ?? ""}`),
  );
}

function enumValues(schema: ObjectSchema): string[] {
  return Object.values(schema.properties ?? {}).flatMap((property) =>
    Array.isArray(property.enum)
      ? property.enum.filter((value): value is string => typeof value === "string")
      : [],
  );
}

/**
 * How well a tool fits a clause: shared words with its name (double weight) and description, plus
 * bonuses for arithmetic content, dates for tools that take dates, and enum values the clause names.
 */
export function scoreTool(tool: WireToolSpec, clause: string): number {
  const words = new Set(contentWords(clause));
  const schema = (tool.inputSchema.json ?? {}) as ObjectSchema;
  let score = 0;
  for (const word of new Set(identifierWords(tool.name))) if (words.has(word)) score += 2;
  for (const word of new Set(contentWords(tool.description ?? ""))) if (words.has(word)) score += 1;
  if (hasArithmetic(clause) && ARITHMETIC_TOOL.test(`${tool.name} ${tool.description ?? ""}`)) score += 4;
  if ((clause.match(ISO_DATE) || RELATIVE_DAY.test(clause)) && hasDateField(schema)) score += 2;
  score += Math.min(2, findEnumValues(clause, enumValues(schema)).length);
  return score;
}

/**
 * Whether a tool hands the request to another agent: a handoff (`transfer_to_*`) or an agent as a tool
 * (one free-text `input`). Its description lists what the agent covers, so one shared word routes to it.
 */
export function isDelegation(tool: WireToolSpec): boolean {
  if (/^transfer_to_/.test(tool.name)) return true;
  const schema = (tool.inputSchema.json ?? {}) as ObjectSchema;
  const names = Object.keys(schema.properties ?? {});
  return names.length === 1 && names[0] === "input" && schema.properties?.input?.type === "string";
}

/** The best tool for a clause, if one fits well enough (ties go to the first listed). */
export function pickTool(tools: readonly WireToolSpec[], clause: string): WireToolSpec | undefined {
  let best: { tool: WireToolSpec; score: number } | undefined;
  for (const tool of tools) {
    const score = scoreTool(tool, clause);
    const threshold = isDelegation(tool) ? 1 : THRESHOLD;
    if (score >= threshold && (!best || score > best.score)) best = { tool, score };
  }
  return best?.tool;
}
