import { describe, expect, it } from "vitest";
import { calculator } from "../../tools/calculator.ts";
import { ExpressionError, evaluate, parseExpression } from "../../tools/expression-parser.ts";

describe("expression parser", () => {
  it.each([
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["2 ^ 3 ^ 2", 512],
    ["-2^2", -4],
    ["(-2)^2", 4],
    ["--3", 3],
    ["10 - 4 - 3", 3],
    ["100 / 10 / 5", 2],
    ["17% of 2,340 plus 12", 409.8],
    ["50%", 0.5],
    ["1,234,567 + 1", 1234568],
    ["6 times 7", 42],
    ["20 divided by 4", 5],
    ["3 multiplied by 4", 12],
    ["9 over 3", 3],
    ["10 mod 3", 1],
    ["2 x 3", 6],
    ["0.1 + 0.2", 0.3],
    ["1e3 + .5", 1000.5],
    ["sqrt(16) + abs(-2)", 6],
    ["max(1,234, 5)", 234],
    ["min(4, 2, 8)", 2],
    ["round(3.14159, 2)", 3.14],
    ["floor(2.7) + ceil(2.1)", 5],
    ["log10(1000) + ln(e)", 4],
    ["2 * pi", 6.28318530718],
    ["3 × 4 ÷ 2 − 1", 5],
  ])("%s = %d", (text, value) => {
    expect(evaluate(text)).toBe(value);
  });

  it.each([
    ["1 / 0", "division by zero"],
    ["5 mod 0", "division by zero"],
    ["foo(2)", 'unknown function "foo" at position 1'],
    ["2 +", "unexpected end of expression: expected a number"],
    ["(1 + 2", 'unexpected end of expression: expected ")"'],
    ["1 + )", 'unexpected ")" at position 5: expected a number, "(" or a function'],
    ["2 $ 3", 'unexpected "$" at position 3'],
    ["1 2", 'unexpected "2" at position 3: expected an operator or the end'],
    ["sqrt(1, 2)", "sqrt() takes 1 argument, got 2"],
    ["", "the expression is empty"],
    ["banana", 'unknown word "banana"'],
    ["sqrt(-1)", "not a finite number"],
    ["10^400", "not a finite number"],
  ])("%s fails with a clear message", (text, message) => {
    expect(() => evaluate(text)).toThrow(ExpressionError);
    expect(() => evaluate(text)).toThrow(message);
  });

  it("refuses deep nesting and long input without a stack overflow", () => {
    expect(() => evaluate(`${"(".repeat(200)}1${")".repeat(200)}`)).toThrow(/nests deeper than 100/);
    expect(() => evaluate(`${"-".repeat(500)}1`)).toThrow(/nests deeper than 100/);
    expect(() => evaluate("1+".repeat(600))).toThrow(/longer than 1000 characters/);
  });

  it("builds a tree with the right precedence", () => {
    expect(parseExpression("1 + 2 * 3")).toEqual({
      kind: "binary",
      op: "+",
      left: { kind: "number", value: 1 },
      right: {
        kind: "binary",
        op: "*",
        left: { kind: "number", value: 2 },
        right: { kind: "number", value: 3 },
      },
    });
  });

  it("works as a tool: validated input, structured result", async () => {
    const signal = new AbortController().signal;
    expect(
      await calculator.run(calculator.input.parse({ expression: "17% of 2,340 plus 12" }), {
        toolCallId: "t",
        signal,
      }),
    ).toEqual({
      expression: "17% of 2,340 plus 12",
      result: 409.8,
    });
    expect(calculator.input.safeParse({ expression: "" }).success).toBe(false);
    expect(calculator.input.safeParse({}).success).toBe(false);
  });
});
