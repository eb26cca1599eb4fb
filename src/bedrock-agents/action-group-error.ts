import { GlassboxError } from "../errors.ts";

/** One reason a definition is refused, and where in it. */
export interface ActionGroupProblem {
  /** Where in the definition: `paths./orders/{id}.get.parameters[0]`, `functionSchema.functions[2].name`. */
  path: string;
  reason: string;
}

/**
 * An action group that Bedrock Agents would refuse: its definition, its OpenAPI schema or its function
 * details. The message has one line per problem, `action group "<name>": <path>: <reason>`.
 */
export class ActionGroupError extends GlassboxError {
  readonly problems: readonly ActionGroupProblem[];
  constructor(group: string, problems: readonly ActionGroupProblem[], options: { cause?: unknown } = {}) {
    super(
      problems.map((problem) => `action group "${group}": ${problem.path}: ${problem.reason}`).join("\n"),
      {
        code: "ACTION_GROUP_INVALID",
        cause: options.cause,
      },
    );
    this.problems = problems;
  }
}
