import { type CatalogEntry, findModel, profileIdsOf, profilePrefixOf } from "./catalog.ts";

/** Why Bedrock would refuse to invoke a model by this id, in catalogue terms. */
export type AccessProblem =
  | { kind: "needs-profile"; entry: CatalogEntry; profileIds: string[] }
  | { kind: "unknown-profile"; entry: CatalogEntry; profileIds: string[] };

/**
 * Whether Bedrock serves a model id as written: the base id of a model served only through inference
 * profiles, or a profile prefix the model has no profile for, is a problem. ARNs and ids the catalogue
 * does not know (provisioned, custom, new models) are not judged.
 *
 * @example
 * ```ts
 * accessProblem("anthropic.claude-sonnet-4-5-20250929-v1:0")?.profileIds;
 * // ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", ..., "global.anthropic.claude-sonnet-4-5-20250929-v1:0"]
 * ```
 */
export function accessProblem(modelId: string): AccessProblem | undefined {
  if (modelId.startsWith("arn:")) return undefined;
  const entry = findModel(modelId);
  if (!entry) return undefined;
  const prefix = profilePrefixOf(modelId);
  const profileIds = profileIdsOf(entry);
  if (!prefix) return entry.onDemand ? undefined : { kind: "needs-profile", entry, profileIds };
  return entry.profiles.includes(prefix) ? undefined : { kind: "unknown-profile", entry, profileIds };
}

/** "a, b or c" */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
