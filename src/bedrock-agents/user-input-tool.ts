import { z } from "zod";
import { defineClientTool, type Tool } from "../tools/define-tool.ts";

/** The name of the tool an `AMAZON.UserInput` action group becomes. */
export const USER_INPUT_TOOL = "ask_user";

/**
 * The `AMAZON.UserInput` action group as a client tool: when the model lacks something it needs, it
 * calls `ask_user` with its question, the run pauses with the call (reason `client`, as Bedrock Agents'
 * `ASK_USER` observation ends its turn), and the caller resumes with the user's answer as the result:
 * `{ decisions: { [callId]: { type: "result", content: "the user's answer" } } }`.
 */
export function userInputTool(): Tool<{ question: string }, never> {
  return defineClientTool({
    name: USER_INPUT_TOOL,
    description:
      "Ask the user for information you need to complete the task and do not have (a missing parameter, a choice between options). The user's answer comes back as the result.",
    input: z.object({ question: z.string().min(1).describe("The question to ask the user") }),
  });
}
