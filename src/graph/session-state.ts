import { z } from "zod";

/**
 * @module
 * Session state, modelled on Amazon Bedrock Agents' `sessionState`
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/agents-session-state.html):
 * - `sessionAttributes` persist over the session: every run of a thread sees them, and a checkpointer
 *   keeps them with the thread;
 * - `promptSessionAttributes` persist over one turn (one run started with a new message), and fill the
 *   `$prompt_session_attributes$` placeholder of the system prompt.
 * Tools read and replace both through `ToolContext.session`; a run's result returns them.
 */

const Attributes = z.record(z.string(), z.string());

/** The session's attributes, as the thread state carries them. */
export const SessionStateSchema = z.object({
  sessionAttributes: Attributes,
  promptSessionAttributes: Attributes,
});
export type SessionState = z.infer<typeof SessionStateSchema>;

/** What a run (`RunOptions.sessionState`) or a tool (`session.update`) sets: each field given replaces the old. */
export const SessionStateUpdateSchema = z.strictObject({
  sessionAttributes: Attributes.optional(),
  promptSessionAttributes: Attributes.optional(),
});
export type SessionStateUpdate = z.infer<typeof SessionStateUpdateSchema>;

export const emptySessionState = (): SessionState => ({ sessionAttributes: {}, promptSessionAttributes: {} });

/** The `session` channel's reducer: each field an update gives replaces the current one. */
export function applySessionState(current: SessionState, update: SessionStateUpdate): SessionState {
  return {
    sessionAttributes: update.sessionAttributes ?? current.sessionAttributes,
    promptSessionAttributes: update.promptSessionAttributes ?? current.promptSessionAttributes,
  };
}

/** The session as a tool sees it (`ToolContext.session`). */
export interface ToolSession {
  /** A copy of the session attributes. */
  readonly sessionAttributes: Readonly<Record<string, string>>;
  /** A copy of this turn's prompt session attributes. */
  readonly promptSessionAttributes: Readonly<Record<string, string>>;
  /** The user's message of this turn (Bedrock Agents' `inputText`). */
  readonly inputText: string;
  /** Replaces the fields given, for the rest of the run (and of the thread, for `sessionAttributes`). */
  update(next: SessionStateUpdate): void;
}

/** The placeholder Bedrock Agents' orchestration prompt templates use for prompt session attributes. */
export const PROMPT_SESSION_ATTRIBUTES_PLACEHOLDER = "$prompt_session_attributes$";

/**
 * The system prompt with `$prompt_session_attributes$` replaced by the turn's prompt session attributes,
 * one `<name>value</name>` line each (Bedrock does not document its rendering; this is the XML-tag
 * style its default templates use elsewhere). Values are XML-escaped; a prompt without the placeholder
 * is returned as is.
 */
export function withPromptSessionAttributes(
  systemPrompt: string | undefined,
  attributes: Readonly<Record<string, string>> | undefined,
): string | undefined {
  if (!systemPrompt?.includes(PROMPT_SESSION_ATTRIBUTES_PLACEHOLDER)) return systemPrompt;
  const lines = Object.entries(attributes ?? {})
    .map(([name, value]) => `<${tagName(name)}>${escapeXml(value)}</${tagName(name)}>`)
    .join("\n");
  return systemPrompt.replaceAll(PROMPT_SESSION_ATTRIBUTES_PLACEHOLDER, () => lines);
}

const tagName = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, "_");
const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
