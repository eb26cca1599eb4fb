import type { ToolContext } from "../tools/define-tool.ts";
import type { ActionGroupOutcome, ActionGroupSession } from "./action-group-invocation.ts";

/**
 * The session an action group call belongs to, as the Lambda event carries it: the session id is the
 * run's thread id (the call's id when the run has no thread).
 *
 * For now the attributes are empty and `inputText` is blank: session state (attributes kept in thread
 * state, the user's latest input) replaces this body; the signature stays.
 */
export function sessionOf(context: ToolContext, agent: ActionGroupSession["agent"]): ActionGroupSession {
  return {
    sessionId: context.threadId ?? context.toolCallId,
    inputText: "",
    agent,
    sessionAttributes: {},
    promptSessionAttributes: {},
  };
}

/**
 * Keeps the session attributes an executor returned, for the rest of the session. For now it keeps
 * nothing: session state replaces this body; the signature stays.
 */
export function applySessionUpdate(context: ToolContext, outcome: ActionGroupOutcome): void {
  void context;
  void outcome;
}
