/** The part of llm_guardrail (npm, no bundled types) the prompt-attack bench calls. */
declare module "llm_guardrail" {
  interface Verdict {
    allowed: boolean;
    detected: boolean;
    confidence: number;
  }
  export function checkInjection(prompt: string): Promise<Verdict>;
  export function checkJailbreak(prompt: string): Promise<Verdict>;
}
