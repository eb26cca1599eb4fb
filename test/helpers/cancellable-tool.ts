import { z } from "zod";
import { defineTool, type Tool } from "../../src/index.ts";

/** A tool whose call runs until the run cancels it; `aborted()` tells whether its signal fired. */
export function untilCancelledTool(name: string): { tool: Tool; aborted: () => boolean } {
  let aborted = false;
  const tool = defineTool({
    name,
    description: "Waits until cancelled",
    input: z.object({}),
    run: (_input, { signal }) =>
      new Promise<never>((_, reject) =>
        signal.addEventListener("abort", () => {
          aborted = true;
          reject(signal.reason);
        }),
      ),
  });
  return { tool: tool as Tool, aborted: () => aborted };
}
