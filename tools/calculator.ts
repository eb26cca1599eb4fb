import { z } from "zod";
import { defineTool } from "../src/tools/index.ts";
import { evaluate } from "./expression-parser.ts";

/** Exact arithmetic for the model, through a real parser (no code execution). */
export const calculator = defineTool({
  name: "calculator",
  description:
    "Evaluate an arithmetic expression exactly (no code execution). Supports + - * / ^ %, parentheses, 'of' " +
    "(17% of 2,340), the words plus/minus/times/divided by, functions sqrt, abs, round, floor, ceil, min, max, " +
    "ln, log10, exp, sin, cos, tan and constants pi, e.",
  input: z.object({
    expression: z
      .string()
      .min(1)
      .max(1000)
      .describe("the expression, e.g. 17% of 2,340 plus 12 or sqrt(2) * (3 + 4)"),
  }),
  run: ({ expression }) => ({ expression, result: evaluate(expression) }),
});
