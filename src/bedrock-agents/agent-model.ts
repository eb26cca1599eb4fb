import type { ProfilePrefix } from "../model/catalog-schema.ts";
import { accessProblem, orList } from "../model/model-access.ts";
import { parseModelId } from "../model/model-id.ts";

/**
 * The inference profile geographies whose profiles a region may call, narrowest first: Tokyo and Osaka
 * have the Japan profile before the Asia Pacific one, Sydney and Melbourne the Australia one (a narrower
 * geography keeps the data in fewer countries).
 */
function geographiesOf(region: string): ProfilePrefix[] {
  if (region.startsWith("us-gov-")) return ["us-gov"];
  if (region.startsWith("us-")) return ["us"];
  if (region.startsWith("eu-")) return ["eu"];
  if (region.startsWith("ca-")) return ["ca"];
  if (region === "ap-northeast-1" || region === "ap-northeast-3") return ["jp", "apac"];
  if (region === "ap-southeast-2" || region === "ap-southeast-4") return ["au", "apac"];
  if (region.startsWith("ap-")) return ["apac"];
  return [];
}

/** The model a Glassbox agent calls for an agent's `foundationModel`, and why it differs when it does. */
export interface AgentModel {
  modelId: string;
  /** Set when the id was changed (a base id mapped to its inference profile). */
  mapped?: string;
  /** Set when the id is kept though Converse may refuse it. */
  warning?: string;
}

/**
 * Maps an agent's `foundationModel` (base model id, inference profile id or ARN) to the model id for
 * Converse. Bedrock Agents resolves a base id of a model served only through inference profiles itself;
 * Converse refuses it. Such an id becomes, by the model catalogue, the profile of the agent region's
 * geography (`anthropic.claude-sonnet-4…` in eu-central-1 → `eu.anthropic.claude-sonnet-4…`), else the
 * `global.` profile, else it is kept with a warning that lists the profiles the model has. Everything
 * else (on-demand ids, profiles, ARNs, models the catalogue does not know) is kept as given.
 */
export function agentModel(foundationModel: string, region: string | undefined): AgentModel {
  if (!parseModelId(foundationModel))
    return { modelId: foundationModel, warning: "not a model id Converse accepts" };
  const problem = accessProblem(foundationModel);
  if (!problem) return { modelId: foundationModel };
  const { entry, profileIds } = problem;
  if (problem.kind === "unknown-profile")
    return {
      modelId: foundationModel,
      warning: `${entry.name} has no such inference profile; Bedrock serves it through ${orList(profileIds)}`,
    };
  const geography = (region ? geographiesOf(region) : []).find((prefix) => entry.profiles.includes(prefix));
  const prefix = geography ?? (entry.profiles.includes("global") ? "global" : undefined);
  if (!prefix)
    return {
      modelId: foundationModel,
      warning: `${entry.name} is served only through inference profiles and none covers region ${region ?? "(none)"}: set MODEL.modelId to one of ${orList(profileIds)}`,
    };
  const modelId = `${prefix}.${entry.id}`;
  const why = geography
    ? `the ${prefix} profile, for ${region}`
    : `the global profile: the model has no ${region ?? "regional"} geography profile`;
  return {
    modelId,
    mapped: `${foundationModel} is served only through inference profiles: ${modelId} (${why})`,
  };
}
