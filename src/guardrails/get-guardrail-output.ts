import type { GetGuardrailResponse } from "@aws-sdk/client-bedrock";
import { type GuardrailConfig, parseGuardrailConfig } from "./config.ts";

/**
 * The two shapes of one guardrail on the Bedrock control plane: `GetGuardrail` answers with
 * `topicPolicy.topics`, `contentPolicy.filters`, `wordPolicy.words`... where `CreateGuardrail` (Glassbox's
 * guardrail config) takes `topicPolicyConfig.topicsConfig`, `contentPolicyConfig.filtersConfig`,
 * `wordPolicyConfig.wordsConfig`... The members inside each policy have the same names in both.
 */

/** `GetGuardrail`'s members that describe the resource, not its policies (nothing to carry into a config). */
const IDENTITY = new Set([
  "guardrailId",
  "guardrailArn",
  "version",
  "status",
  "statusReasons",
  "failureRecommendations",
  "createdAt",
  "updatedAt",
  "$metadata",
]);

const MAPPED = new Set([
  "name",
  "description",
  "topicPolicy",
  "contentPolicy",
  "wordPolicy",
  "sensitiveInformationPolicy",
  "contextualGroundingPolicy",
  "automatedReasoningPolicy",
  "crossRegionDetails",
  "blockedInputMessaging",
  "blockedOutputsMessaging",
  "kmsKeyArn",
]);

/** A guardrail config read from `GetGuardrail`, and the output members it could not carry. */
export interface GuardrailConfigFromOutput {
  config: GuardrailConfig;
  /** Members of the output this mapping does not know (a newer API): not in `config`. */
  unmapped: string[];
}

const nonEmpty = <T>(items: readonly T[] | undefined): T[] | undefined =>
  items?.length ? [...items] : undefined;
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * Maps a `GetGuardrail` output to the guardrail config (`CreateGuardrail`'s shape), validated with
 * Bedrock's limits: the policies, messages, KMS key and cross-Region profile of that version.
 *
 * @example
 * ```ts
 * const output = await bedrock.send(new GetGuardrailCommand({ guardrailIdentifier: "abc123", guardrailVersion: "1" }));
 * const { config } = guardrailConfigFromOutput(output);
 * new LocalGuardrail(config);
 * ```
 */
export function guardrailConfigFromOutput(output: GetGuardrailResponse): GuardrailConfigFromOutput {
  const { topicPolicy, contentPolicy, wordPolicy, sensitiveInformationPolicy } = output;
  const grounding = output.contextualGroundingPolicy;
  const reasoning = output.automatedReasoningPolicy;
  const crossRegion = output.crossRegionDetails;
  const words = nonEmpty(wordPolicy?.words);
  const managed = nonEmpty(wordPolicy?.managedWordLists);
  const pii = nonEmpty(sensitiveInformationPolicy?.piiEntities);
  const regexes = nonEmpty(sensitiveInformationPolicy?.regexes);
  const profile = crossRegion?.guardrailProfileArn ?? crossRegion?.guardrailProfileId;
  const config = defined({
    name: output.name,
    description: output.description,
    topicPolicyConfig: nonEmpty(topicPolicy?.topics)
      ? defined({
          // GetGuardrail may leave out a topic's type; DENY is the only one.
          topicsConfig: topicPolicy?.topics?.map((topic) => ({ ...topic, type: topic.type ?? "DENY" })),
          tierConfig: topicPolicy?.tier,
        })
      : undefined,
    contentPolicyConfig: nonEmpty(contentPolicy?.filters)
      ? defined({ filtersConfig: contentPolicy?.filters, tierConfig: contentPolicy?.tier })
      : undefined,
    wordPolicyConfig:
      words || managed ? defined({ wordsConfig: words, managedWordListsConfig: managed }) : undefined,
    sensitiveInformationPolicyConfig:
      pii || regexes ? defined({ piiEntitiesConfig: pii, regexesConfig: regexes }) : undefined,
    contextualGroundingPolicyConfig: nonEmpty(grounding?.filters)
      ? { filtersConfig: grounding?.filters }
      : undefined,
    automatedReasoningPolicyConfig: nonEmpty(reasoning?.policies)
      ? defined({ policies: reasoning?.policies, confidenceThreshold: reasoning?.confidenceThreshold })
      : undefined,
    crossRegionConfig: profile ? { guardrailProfileIdentifier: profile } : undefined,
    blockedInputMessaging: output.blockedInputMessaging,
    blockedOutputsMessaging: output.blockedOutputsMessaging,
    kmsKeyId: output.kmsKeyArn,
  });
  // The "/" makes the error read "GetGuardrail <id>/<version>: <config field>: <problem>".
  const source = `GetGuardrail ${output.guardrailId ?? output.name}/${output.version ?? "DRAFT"} (as a CreateGuardrail config)`;
  return {
    config: parseGuardrailConfig(config, source),
    unmapped: Object.keys(output).filter(
      (key) =>
        !IDENTITY.has(key) &&
        !MAPPED.has(key) &&
        (output as unknown as Record<string, unknown>)[key] !== undefined,
    ),
  };
}

/** What `GetGuardrail` says about a guardrail besides its config. */
export interface GuardrailResource {
  guardrailId: string;
  guardrailArn: string;
  version: string;
  createdAt: Date;
  updatedAt: Date;
  status?: GetGuardrailResponse["status"];
}

/** `GetGuardrail`'s JSON body, timestamps as ISO 8601 strings as the wire carries them. */
export type GetGuardrailWireOutput = Omit<GetGuardrailResponse, "createdAt" | "updatedAt" | "$metadata"> & {
  createdAt: string;
  updatedAt: string;
};

const KMS_KEY_ARN = /^arn:aws(-[^:]+)?:kms:[a-zA-Z0-9-]*:[0-9]{12}:key\/[a-zA-Z0-9-]{36}$/;
const PROFILE_ARN = /^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail-profile\//;

/**
 * The inverse of {@link guardrailConfigFromOutput}: the `GetGuardrail` output for a config and its
 * resource details (what the local Bedrock answers). `tags` and `clientRequestToken` are request-only;
 * a `kmsKeyId` that is not a key ARN (an alias, a bare key id) is not echoed, as Bedrock returns the ARN.
 */
export function guardrailOutputFromConfig(
  config: GuardrailConfig,
  resource: GuardrailResource,
): GetGuardrailWireOutput {
  const topics = config.topicPolicyConfig;
  const content = config.contentPolicyConfig;
  const words = config.wordPolicyConfig;
  const sensitive = config.sensitiveInformationPolicyConfig;
  const grounding = config.contextualGroundingPolicyConfig;
  const reasoning = config.automatedReasoningPolicyConfig;
  const profile = config.crossRegionConfig?.guardrailProfileIdentifier;
  return defined({
    name: config.name,
    guardrailId: resource.guardrailId,
    guardrailArn: resource.guardrailArn,
    version: resource.version,
    status: resource.status ?? "READY",
    description: config.description,
    topicPolicy: topics ? defined({ topics: topics.topicsConfig, tier: topics.tierConfig }) : undefined,
    contentPolicy: content
      ? defined({ filters: content.filtersConfig, tier: content.tierConfig })
      : undefined,
    wordPolicy: words
      ? defined({ words: words.wordsConfig, managedWordLists: words.managedWordListsConfig })
      : undefined,
    sensitiveInformationPolicy: sensitive
      ? defined({ piiEntities: sensitive.piiEntitiesConfig, regexes: sensitive.regexesConfig })
      : undefined,
    contextualGroundingPolicy: grounding ? { filters: grounding.filtersConfig } : undefined,
    automatedReasoningPolicy: reasoning
      ? defined({ policies: reasoning.policies, confidenceThreshold: reasoning.confidenceThreshold })
      : undefined,
    crossRegionDetails: profile
      ? PROFILE_ARN.test(profile)
        ? { guardrailProfileArn: profile, guardrailProfileId: profile.split("/").at(-1) }
        : { guardrailProfileId: profile }
      : undefined,
    createdAt: resource.createdAt.toISOString(),
    updatedAt: resource.updatedAt.toISOString(),
    blockedInputMessaging: config.blockedInputMessaging,
    blockedOutputsMessaging: config.blockedOutputsMessaging,
    kmsKeyArn: config.kmsKeyId && KMS_KEY_ARN.test(config.kmsKeyId) ? config.kmsKeyId : undefined,
  }) as GetGuardrailWireOutput;
}
