import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { defineSuite } from "../../src/evals/index.ts";
import { LocalGuardrail } from "../../src/guardrails/index.ts";
import { blockRate, entityTypeMatch, falsePositiveRate, piiRecall } from "./evaluators.ts";
import { guardrailTarget } from "./target.ts";

const CONFIG_URL = new URL("../../graphs/guardrails/default.json", import.meta.url);
const configText = readFileSync(CONFIG_URL, "utf8");

/**
 * The shipped guardrail config (graphs/guardrails/default.json) on the offline engine: PII of several
 * entity types, near misses that must not fire (checksum-invalid card, IBAN and SSN numbers, look-alike
 * ids), prompt attacks of every heuristic family (override, role play, system-prompt exfiltration,
 * delimiter injection, base64, rot13, invisible Unicode) and benign inputs. No model is called.
 * Thresholds: measured on the local engine, minus a small margin (docs/evals.md).
 */
export default defineSuite({
  name: "guardrails",
  description: "Guardrail engine: PII detection and masking, prompt-attack blocking, false positives",
  target: {
    name: "local_guardrail",
    create: () => guardrailTarget(new LocalGuardrail(JSON.parse(configText))),
    // The config decides every output: a change to it invalidates cached results.
    fingerprint: `guardrail:${createHash("sha256").update(configText).digest("hex").slice(0, 16)}`,
  },
  evaluators: [
    { evaluator: "exact_match", key: "action_match" },
    blockRate,
    piiRecall,
    falsePositiveRate,
    entityTypeMatch,
    "latency",
  ],
  // Measured (40 cases): pass rate 0.975, action_match 0.975, block_rate 1.00, pii_recall 1.00,
  // entity_type_match 0.955, false_positive_rate 0.063 (an order number "1234-5678" reads as a phone
  // number). Gates sit about 0.05 lower (higher for the false-positive rate).
  thresholds: {
    passRate: 0.92,
    metrics: {
      action_match: 0.92,
      block_rate: 0.95,
      pii_recall: 0.95,
      entity_type_match: 0.9,
      false_positive_rate: 0.12,
    },
  },
});
