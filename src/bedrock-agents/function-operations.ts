import { type ActionFunction, BEDROCK_NAME } from "./action-group-definition.ts";
import { ActionGroupError, type ActionGroupProblem } from "./action-group-error.ts";
import { type ActionGroupQuotas, DEFAULT_QUOTAS, type FunctionOperation } from "./action-operation.ts";

/**
 * The functions of a function-details action group, checked as Bedrock Agents checks them: names of
 * Bedrock's Name pattern (which has no `__`, the separator of tool names), unique; parameter names of the
 * same pattern; at most 11 functions and 5 parameters per function (adjustable quotas).
 *
 * @throws ActionGroupError with every problem, each naming `functionSchema.functions[i]…`.
 */
export function functionOperations(
  group: string,
  functions: readonly ActionFunction[],
  quotas: ActionGroupQuotas = {},
): FunctionOperation[] {
  const problems: ActionGroupProblem[] = [];
  const maxFunctions = quotas.operationsPerActionGroup ?? DEFAULT_QUOTAS.operationsPerActionGroup;
  const maxParameters = quotas.parametersPerFunction ?? DEFAULT_QUOTAS.parametersPerFunction;
  if (!functions.length)
    problems.push({ path: "functionSchema.functions", reason: "needs at least one function" });
  if (functions.length > maxFunctions)
    problems.push({
      path: "functionSchema.functions",
      reason: `${functions.length} functions; an action group takes at most ${maxFunctions} (Bedrock Agents' quota)`,
    });
  const seen = new Map<string, number>();
  const operations = functions.map((fn, index): FunctionOperation => {
    const at = `functionSchema.functions[${index}]`;
    const earlier = seen.get(fn.name);
    if (earlier !== undefined)
      problems.push({ path: `${at}.name`, reason: `"${fn.name}" is the name of functions[${earlier}] too` });
    seen.set(fn.name, index);
    const entries = Object.entries(fn.parameters ?? {});
    if (entries.length > maxParameters)
      problems.push({
        path: `${at}.parameters`,
        reason: `${entries.length} parameters; a function takes at most ${maxParameters} (Bedrock Agents' parameters-per-function quota)`,
      });
    for (const [name] of entries)
      if (!BEDROCK_NAME.test(name))
        problems.push({
          path: `${at}.parameters.${name}`,
          reason: "a parameter name must match ([0-9a-zA-Z][_-]?){1,100} (Bedrock's Name pattern)",
        });
    return {
      kind: "function",
      id: fn.name,
      ...(fn.description ? { description: fn.description } : {}),
      parameters: entries.map(([name, detail]) => ({
        name,
        type: detail.type,
        required: detail.required === true,
        ...(detail.description ? { description: detail.description } : {}),
        schema: {
          type: detail.type,
          ...(detail.description ? { description: detail.description } : {}),
          // Bedrock's function parameters declare no item type: the model may send any JSON values.
          ...(detail.type === "array" ? { items: {} } : {}),
        },
      })),
      requireConfirmation: fn.requireConfirmation === "ENABLED",
    };
  });
  if (problems.length) throw new ActionGroupError(group, problems);
  return operations;
}
