/** The local model's note that it is not an LLM: "(Glassbox local model: ...)". */
const DISCLOSURE = /\s*\(Glassbox local model:[^)]*\)/g;

/**
 * Splits an answer into its claims and the local model's disclosure. The disclosure is a note about the
 * model, not a statement about the sources, so grounding checks and evaluators leave it out.
 */
export function splitLocalDisclosure(answer: string): { claims: string; disclosure: string } {
  const notes = answer.match(DISCLOSURE) ?? [];
  return { claims: answer.replace(DISCLOSURE, "").trim(), disclosure: notes.map((n) => n.trim()).join(" ") };
}
