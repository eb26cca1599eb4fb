import type { ToolContext } from "../tools/define-tool.ts";
import type { ActionGroupOutcome, ActionGroupSession } from "./action-group-invocation.ts";

/**
 * The session an action group call belongs to, as the Lambda event carries it: the session id is the
 * run's thread id (the call's id when the run has no thread), `inputText` the user's message of this
 * turn, and the attributes the run's session state (`ToolContext.session`, seeded by
 * `RunOptions.sessionState`, kept with the thread).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/agents-session-state.html
 */
export function sessionOf(context: ToolContext, agent: ActionGroupSession["agent"]): ActionGroupSession {
  return {
    sessionId: context.threadId ?? context.toolCallId,
    inputText: context.session?.inputText ?? "",
    agent,
    sessionAttributes: { ...context.session?.sessionAttributes },
    promptSessionAttributes: { ...context.session?.promptSessionAttributes },
  };
}

/**
 * Keeps the attributes an executor returned, as Bedrock Agents keeps a Lambda's: returned
 * `sessionAttributes` replace the session's for the rest of the session (the thread), returned
 * `promptSessionAttributes` replace this turn's. An outcome without them changes nothing.
 */
export function applySessionUpdate(context: ToolContext, outcome: ActionGroupOutcome): void {
  const { sessionAttributes, promptSessionAttributes } = outcome;
  if (!sessionAttributes && !promptSessionAttributes) return;
  context.session?.update({
    ...(sessionAttributes ? { sessionAttributes } : {}),
    ...(promptSessionAttributes ? { promptSessionAttributes } : {}),
  });
}
