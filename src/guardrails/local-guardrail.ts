import type {
  GuardrailAssessment,
  GuardrailContentFilter,
  GuardrailContextualGroundingFilter,
  GuardrailCustomWord,
  GuardrailManagedWord,
  GuardrailPiiEntityFilter,
  GuardrailRegexFilter,
  GuardrailTopic,
  GuardrailUsage,
} from "@aws-sdk/client-bedrock-runtime";
import { type GuardrailConfig, parseGuardrailConfig, type SensitiveAction } from "./config.ts";
import { blocks, classify } from "./content-filters.ts";
import { groundingScore, relevanceScore } from "./grounding.ts";
import {
  type Guardrail,
  type GuardrailRequest,
  type GuardrailResponse,
  type GuardrailSource,
  GuardrailValidationError,
} from "./guardrail.ts";
import { guardrailIdOf } from "./guardrail-id.ts";
import { detectPii } from "./pii/detect.ts";
import type { PiiEntityType } from "./pii/entity-types.ts";
import { findRegex, REGEX_BUDGET_MS } from "./regex-safety.ts";
import { scoreTopic, TOPIC_THRESHOLD } from "./topics.ts";
import { findWords, PROFANITY } from "./words.ts";

/** Size limits the local engine enforces, as Bedrock does (characters). */
export const LIMITS = {
  /** All text blocks of one request together. */
  totalText: 1_000_000,
  /** Contextual grounding: the grounding source, the query, and the guarded answer. */
  groundingSource: 100_000,
  query: 1_000,
  groundedContent: 5_000,
} as const;

/** Characters per billed text unit. */
const TEXT_UNIT = 1_000;

interface Direction<A> {
  enabled: boolean;
  action: A;
}

/** Per-direction settings of a policy entry; a disabled direction is not evaluated and not reported. */
function direction<A extends string>(
  entry: { inputAction?: A; outputAction?: A; inputEnabled?: boolean; outputEnabled?: boolean; action?: A },
  source: GuardrailSource,
  fallback: A,
): Direction<A> {
  const input = source === "INPUT";
  return {
    enabled: (input ? entry.inputEnabled : entry.outputEnabled) ?? true,
    action: (input ? entry.inputAction : entry.outputAction) ?? entry.action ?? fallback,
  };
}

interface Replacement {
  start: number;
  end: number;
  tag: string;
}

/**
 * The offline guardrail engine: evaluates a `CreateGuardrail` config the way Bedrock's `ApplyGuardrail`
 * does and answers with the same response. Policies are lexical and pattern based (see docs/guardrails.md
 * for what that means for recall).
 */
export class LocalGuardrail implements Guardrail {
  readonly config: GuardrailConfig;
  readonly id: string;
  readonly version: string;
  /** Time a custom regex may spend on one text block before the request fails (default 250 ms). */
  readonly regexBudgetMs: number;

  constructor(
    config: GuardrailConfig | unknown,
    options: { id?: string; version?: string; regexBudgetMs?: number } = {},
  ) {
    this.config = parseGuardrailConfig(config);
    // The id Bedrock-shaped, as the local Bedrock serves the same config (not the name, which Bedrock refuses).
    this.id = options.id ?? guardrailIdOf(this.config.name);
    this.version = options.version ?? "DRAFT";
    this.regexBudgetMs = options.regexBudgetMs ?? REGEX_BUDGET_MS;
  }

  async apply(request: GuardrailRequest): Promise<GuardrailResponse> {
    return this.applySync(request);
  }

  /** The same as `apply`, synchronously. */
  applySync(request: GuardrailRequest): GuardrailResponse {
    const started = performance.now();
    const { guarded, groundingSources, queries, totalChars } = splitContent(request);
    checkLimits(request.source, guarded, groundingSources, queries, totalChars);
    const full = request.outputScope === "FULL";
    const assessment: GuardrailAssessment = {};
    const usage: GuardrailUsage = {
      topicPolicyUnits: 0,
      contentPolicyUnits: 0,
      wordPolicyUnits: 0,
      sensitiveInformationPolicyUnits: 0,
      sensitiveInformationPolicyFreeUnits: 0,
      contextualGroundingPolicyUnits: 0,
    };
    const guardedChars = guarded.reduce((sum, text) => sum + text.length, 0);
    const units = guarded.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / TEXT_UNIT)), 0);
    const joined = guarded.join("\n");
    let blocked = false;
    const replacements: Replacement[][] = guarded.map(() => []);
    const c = this.config;
    const source = request.source;

    const topics = c.topicPolicyConfig?.topicsConfig.flatMap((topic): GuardrailTopic[] => {
      const dir = direction(topic, source, "BLOCK");
      if (!dir.enabled) return [];
      const detected = scoreTopic(joined, topic) >= TOPIC_THRESHOLD;
      if (detected && dir.action === "BLOCK") blocked = true;
      if (!detected && !full) return [];
      return [
        {
          name: topic.name,
          type: "DENY",
          action: detected && dir.action === "BLOCK" ? "BLOCKED" : "NONE",
          detected,
        },
      ];
    });
    if (c.topicPolicyConfig && guarded.length) usage.topicPolicyUnits = units;
    if (topics?.length) assessment.topicPolicy = { topics };

    const filters = c.contentPolicyConfig?.filtersConfig.flatMap((filter): GuardrailContentFilter[] => {
      const dir = direction(filter, source, "BLOCK");
      const strength = source === "INPUT" ? filter.inputStrength : filter.outputStrength;
      if (!dir.enabled || strength === "NONE") return [];
      if (filter.type === "PROMPT_ATTACK" && source === "OUTPUT") return [];
      const confidence = classify(joined, filter.type);
      const detected = blocks(confidence, strength);
      if (detected && dir.action === "BLOCK") blocked = true;
      if (!detected && !full) return [];
      return [
        {
          type: filter.type,
          confidence,
          filterStrength: strength,
          action: detected && dir.action === "BLOCK" ? "BLOCKED" : "NONE",
          detected,
        },
      ];
    });
    if (c.contentPolicyConfig && guarded.length) usage.contentPolicyUnits = units;
    if (filters?.length) assessment.contentPolicy = { filters };

    if (c.wordPolicyConfig) {
      const customWords: GuardrailCustomWord[] = [];
      const managedWordLists: GuardrailManagedWord[] = [];
      const custom = (c.wordPolicyConfig.wordsConfig ?? []).filter(
        (word) => direction(word, source, "BLOCK").enabled,
      );
      for (const hit of findWords(
        joined,
        custom.map((word) => word.text),
      )) {
        const entry = custom.find((word) => word.text === hit.match);
        const action = entry ? direction(entry, source, "BLOCK").action : "BLOCK";
        if (action === "BLOCK") blocked = true;
        customWords.push({
          match: hit.match,
          action: action === "BLOCK" ? "BLOCKED" : "NONE",
          detected: true,
        });
      }
      for (const managed of c.wordPolicyConfig.managedWordListsConfig ?? []) {
        const dir = direction(managed, source, "BLOCK");
        if (!dir.enabled) continue;
        for (const hit of findWords(joined, PROFANITY)) {
          if (dir.action === "BLOCK") blocked = true;
          managedWordLists.push({
            match: hit.match,
            type: "PROFANITY",
            action: dir.action === "BLOCK" ? "BLOCKED" : "NONE",
            detected: true,
          });
        }
      }
      if (guarded.length) usage.wordPolicyUnits = units;
      if (customWords.length || managedWordLists.length)
        assessment.wordPolicy = { customWords, managedWordLists };
    }

    const sip = c.sensitiveInformationPolicyConfig;
    if (sip) {
      const piiEntities: GuardrailPiiEntityFilter[] = [];
      const regexes: GuardrailRegexFilter[] = [];
      const piiActions = new Map<PiiEntityType, SensitiveAction>();
      for (const entity of sip.piiEntitiesConfig ?? []) {
        const dir = direction(entity, source, entity.action);
        if (dir.enabled) piiActions.set(entity.type, dir.action);
      }
      const record = (action: SensitiveAction) => {
        if (action === "BLOCK") blocked = true;
        return action === "BLOCK" ? "BLOCKED" : action === "ANONYMIZE" ? "ANONYMIZED" : "NONE";
      };
      guarded.forEach((text, block) => {
        if (piiActions.size) {
          for (const match of detectPii(text, new Set(piiActions.keys()))) {
            const action = piiActions.get(match.type) ?? "NONE";
            piiEntities.push({
              match: text.slice(match.start, match.end),
              type: match.type,
              action: record(action),
              detected: true,
            });
            if (action === "ANONYMIZE")
              replacements[block]?.push({ start: match.start, end: match.end, tag: `{${match.type}}` });
          }
        }
        for (const regex of sip.regexesConfig ?? []) {
          const dir = direction(regex, source, regex.action);
          if (!dir.enabled) continue;
          for (const hit of findRegex(text, regex.pattern, this.regexBudgetMs)) {
            regexes.push({
              name: regex.name,
              match: hit.match,
              regex: regex.pattern,
              action: record(dir.action),
              detected: true,
            });
            if (dir.action === "ANONYMIZE") {
              replacements[block]?.push({
                start: hit.index,
                end: hit.index + hit.match.length,
                tag: `{${regex.name}}`,
              });
            }
          }
        }
      });
      if (guarded.length && sip.piiEntitiesConfig) usage.sensitiveInformationPolicyUnits = units;
      if (guarded.length && sip.regexesConfig) usage.sensitiveInformationPolicyFreeUnits = units;
      if (piiEntities.length || regexes.length)
        assessment.sensitiveInformationPolicy = { piiEntities, regexes };
    }

    const grounding = c.contextualGroundingPolicyConfig;
    if (grounding && groundingSources.length && guarded.length) {
      const groundingText = groundingSources.join("\n");
      const query = queries.join("\n");
      const groundingFilters = grounding.filtersConfig.flatMap(
        (filter): GuardrailContextualGroundingFilter[] => {
          if (filter.enabled === false) return [];
          if (filter.type === "RELEVANCE" && !query) return [];
          const score =
            filter.type === "GROUNDING"
              ? groundingScore(joined, groundingText)
              : relevanceScore(joined, query);
          const detected = score < filter.threshold;
          const action = filter.action ?? "BLOCK";
          if (detected && action === "BLOCK") blocked = true;
          return [
            {
              type: filter.type,
              threshold: filter.threshold,
              score,
              action: detected && action === "BLOCK" ? "BLOCKED" : "NONE",
              detected,
            },
          ];
        },
      );
      usage.contextualGroundingPolicyUnits = Math.ceil(
        (groundingText.length + query.length + joined.length) / TEXT_UNIT,
      );
      if (groundingFilters.length) assessment.contextualGroundingPolicy = { filters: groundingFilters };
    }

    const anonymized = replacements.some((list) => list.length > 0);
    const intervened = blocked || anonymized;
    const coverage = { textCharacters: { guarded: guardedChars, total: totalChars } };
    assessment.invocationMetrics = {
      guardrailProcessingLatency: Math.round(performance.now() - started),
      usage,
      guardrailCoverage: coverage,
    };
    assessment.appliedGuardrailDetails = {
      guardrailId: this.id,
      guardrailVersion: this.version,
      guardrailOrigin: ["REQUEST"],
      guardrailOwnership: "SELF",
    };
    const message = source === "INPUT" ? c.blockedInputMessaging : c.blockedOutputsMessaging;
    return {
      usage,
      action: intervened ? "GUARDRAIL_INTERVENED" : "NONE",
      actionReason: blocked ? "Guardrail blocked." : anonymized ? "Guardrail masked." : "No action.",
      outputs: blocked
        ? [{ text: message }]
        : anonymized
          ? guarded.map((text, block) => ({ text: mask(text, replacements[block] ?? []) }))
          : [],
      assessments: [assessment],
      guardrailCoverage: coverage,
    };
  }
}

/** Guarded text (guard_content blocks when any are marked, otherwise unqualified ones), grounding sources and queries. */
function splitContent(request: GuardrailRequest) {
  if (!Array.isArray(request.content) || request.content.length === 0) {
    throw new GuardrailValidationError("content: expected at least one content block");
  }
  const texts = request.content.flatMap((block) => (block.text ? [block.text] : []));
  const marked = texts.some((block) => block.qualifiers?.includes("guard_content"));
  const guarded: string[] = [];
  const groundingSources: string[] = [];
  const queries: string[] = [];
  let totalChars = 0;
  for (const block of texts) {
    if (typeof block.text !== "string")
      throw new GuardrailValidationError("content[].text.text: expected a string");
    totalChars += block.text.length;
    const qualifiers = block.qualifiers ?? [];
    if (qualifiers.includes("grounding_source")) groundingSources.push(block.text);
    if (qualifiers.includes("query")) queries.push(block.text);
    if (
      marked
        ? qualifiers.includes("guard_content")
        : qualifiers.length === 0 || qualifiers.includes("guard_content")
    ) {
      guarded.push(block.text);
    }
  }
  return { guarded, groundingSources, queries, totalChars };
}

function checkLimits(
  source: GuardrailSource,
  guarded: string[],
  groundingSources: string[],
  queries: string[],
  totalChars: number,
): void {
  if (source !== "INPUT" && source !== "OUTPUT") {
    throw new GuardrailValidationError(`source: expected INPUT or OUTPUT, got ${JSON.stringify(source)}`);
  }
  const over = (what: string, size: number, limit: number) => {
    if (size > limit) {
      throw new GuardrailValidationError(`${what} is ${size} characters; the limit is ${limit}`);
    }
  };
  over("the request's text", totalChars, LIMITS.totalText);
  const sourceChars = groundingSources.reduce((sum, text) => sum + text.length, 0);
  over("the grounding source", sourceChars, LIMITS.groundingSource);
  over(
    "the query",
    queries.reduce((sum, text) => sum + text.length, 0),
    LIMITS.query,
  );
  if (sourceChars) {
    over(
      "the guarded content with a grounding source",
      guarded.reduce((sum, text) => sum + text.length, 0),
      LIMITS.groundedContent,
    );
  }
}

/** Replaces spans right to left, skipping any that overlap one already replaced. */
function mask(text: string, replacements: Replacement[]): string {
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const r of [...replacements].sort((a, b) => b.start - a.start)) {
    if (r.end > limit) continue;
    result = result.slice(0, r.start) + r.tag + result.slice(r.end);
    limit = r.start;
  }
  return result;
}
