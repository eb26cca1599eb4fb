/**
 * A real arithmetic expression parser (tokenizer + precedence climbing), no `eval`.
 * Grammar, loosest first:
 *   sum     := product (("+" | "-" | "plus" | "minus") product)*
 *   product := unary (("*" | "/" | "times" | "x" | "multiplied by" | "divided by" | "over" | "mod" | "of") unary)*
 *   unary   := ("-" | "+") unary | power            (so -2^2 = -4)
 *   power   := postfix ("^" unary)?                   (right-associative)
 *   postfix := atom "%"*                              (x% = x / 100)
 *   atom    := number | constant | function "(" args ")" | "(" sum ")"
 */
import { GlassboxError } from "../src/errors.ts";

/** A parse or evaluation error, with the position it happened at when there is one. */
export class ExpressionError extends GlassboxError {
  constructor(message: string) {
    super(message, { code: "TOOL_FAILED" });
  }
}

export type Expr =
  | { kind: "number"; value: number }
  | { kind: "unary"; op: "-" | "+"; arg: Expr }
  | { kind: "binary"; op: "+" | "-" | "*" | "/" | "^" | "mod"; left: Expr; right: Expr }
  | { kind: "percent"; arg: Expr }
  | { kind: "call"; name: string; args: Expr[] };

type Token =
  | { type: "num"; value: number; pos: number }
  | { type: "op"; value: string; pos: number }
  | { type: "word"; value: string; pos: number };

const MAX_LENGTH = 1000;
const MAX_DEPTH = 100;

const FUNCTIONS: Record<string, { arity: [number, number]; fn: (...args: number[]) => number }> = {
  sqrt: { arity: [1, 1], fn: Math.sqrt },
  abs: { arity: [1, 1], fn: Math.abs },
  round: {
    arity: [1, 2],
    fn: (x, digits = 0) => {
      const f = 10 ** digits;
      return Math.round(x * f) / f;
    },
  },
  floor: { arity: [1, 1], fn: Math.floor },
  ceil: { arity: [1, 1], fn: Math.ceil },
  min: { arity: [1, 100], fn: Math.min },
  max: { arity: [1, 100], fn: Math.max },
  ln: { arity: [1, 1], fn: Math.log },
  log10: { arity: [1, 1], fn: Math.log10 },
  log: { arity: [1, 1], fn: Math.log10 },
  exp: { arity: [1, 1], fn: Math.exp },
  sin: { arity: [1, 1], fn: Math.sin },
  cos: { arity: [1, 1], fn: Math.cos },
  tan: { arity: [1, 1], fn: Math.tan },
};
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };
const WORD_OPS: Record<string, string> = {
  plus: "+",
  minus: "-",
  times: "*",
  x: "*",
  over: "/",
  mod: "mod",
  of: "*",
  multiplied: "*by",
  divided: "/by",
};

function tokenize(text: string): Token[] {
  if (text.length > MAX_LENGTH)
    throw new ExpressionError(`expression is longer than ${MAX_LENGTH} characters`);
  const tokens: Token[] = [];
  let i = 0;
  let parens = 0;
  const functionDepths: number[] = [];
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const inArgs = functionDepths.length > 0 && functionDepths.at(-1) === parens;
    const number = /^(\d+(?:,\d{3})+(?!\d)|\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)/i.exec(text.slice(i));
    if (number) {
      let raw = number[0];
      if (raw.includes(",") && inArgs) raw = raw.split(",")[0] as string;
      const value = Number(raw.replace(/,/g, ""));
      tokens.push({ type: "num", value, pos: i });
      i += raw.length;
      continue;
    }
    const word = /^[a-z][a-z0-9]*/i.exec(text.slice(i));
    if (word) {
      const value = word[0].toLowerCase();
      tokens.push({ type: "word", value, pos: i });
      i += word[0].length;
      if (FUNCTIONS[value] && /^\s*\(/.test(text.slice(i))) functionDepths.push(parens + 1);
      continue;
    }
    if ("+-*/^%(),×÷−".includes(ch)) {
      const value = ch === "×" ? "*" : ch === "÷" ? "/" : ch === "−" ? "-" : ch;
      if (value === "(") parens++;
      if (value === ")") {
        if (functionDepths.at(-1) === parens) functionDepths.pop();
        parens--;
      }
      tokens.push({ type: "op", value, pos: i });
      i++;
      continue;
    }
    if (ch === "*" && text[i + 1] === "*") {
      tokens.push({ type: "op", value: "^", pos: i });
      i += 2;
      continue;
    }
    throw new ExpressionError(`unexpected "${ch}" at position ${i + 1}`);
  }
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    if (this.tokens.length === 0) throw new ExpressionError("the expression is empty");
    const expr = this.sum();
    const rest = this.peek();
    if (rest) throw this.unexpected(rest, "an operator or the end of the expression");
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private unexpected(token: Token | undefined, expected: string): ExpressionError {
    if (!token) return new ExpressionError(`unexpected end of expression: expected ${expected}`);
    return new ExpressionError(
      `unexpected "${token.type === "num" ? token.value : token.value}" at position ${token.pos + 1}: expected ${expected}`,
    );
  }

  /** Reads a binary operator (symbol or words) if the next token is one of `allowed`. */
  private operator(allowed: string[]): string | undefined {
    const token = this.peek();
    if (!token || token.type === "num") return undefined;
    let op = token.type === "op" ? token.value : WORD_OPS[token.value];
    if (!op) return undefined;
    if (op.endsWith("by")) {
      const next = this.tokens[this.index + 1];
      if (next?.type !== "word" || next.value !== "by") return undefined;
      op = op.slice(0, 1);
      if (!allowed.includes(op)) return undefined;
      this.index += 2;
      return op;
    }
    if (!allowed.includes(op)) return undefined;
    this.index++;
    return op;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH)
      throw new ExpressionError(`expression nests deeper than ${MAX_DEPTH} levels`);
  }

  private sum(): Expr {
    this.enter();
    let left = this.product();
    for (let op = this.operator(["+", "-"]); op; op = this.operator(["+", "-"])) {
      left = { kind: "binary", op: op as "+" | "-", left, right: this.product() };
    }
    this.depth--;
    return left;
  }

  private product(): Expr {
    let left = this.unary();
    for (let op = this.operator(["*", "/", "mod"]); op; op = this.operator(["*", "/", "mod"])) {
      left = { kind: "binary", op: op as "*" | "/" | "mod", left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    const token = this.peek();
    if (token?.type === "op" && (token.value === "-" || token.value === "+")) {
      this.index++;
      this.enter();
      const arg = this.unary();
      this.depth--;
      return { kind: "unary", op: token.value, arg };
    }
    if (token?.type === "word" && (token.value === "minus" || token.value === "negative")) {
      this.index++;
      return { kind: "unary", op: "-", arg: this.unary() };
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.postfix();
    const token = this.peek();
    if (token?.type === "op" && token.value === "^") {
      this.index++;
      this.enter();
      const exponent = this.unary();
      this.depth--;
      return { kind: "binary", op: "^", left: base, right: exponent };
    }
    return base;
  }

  private postfix(): Expr {
    let expr = this.atom();
    while (true) {
      const token = this.peek();
      if (token?.type === "op" && token.value === "%") {
        this.index++;
        expr = { kind: "percent", arg: expr };
      } else if (token?.type === "word" && token.value === "percent") {
        this.index++;
        expr = { kind: "percent", arg: expr };
      } else return expr;
    }
  }

  private atom(): Expr {
    const token = this.peek();
    const expected = 'a number, "(" or a function';
    if (!token) throw this.unexpected(token, expected);
    if (token.type === "num") {
      this.index++;
      return { kind: "number", value: token.value };
    }
    if (token.type === "op" && token.value === "(") {
      this.index++;
      const inner = this.sum();
      this.expect(")");
      return inner;
    }
    if (token.type === "word") {
      this.index++;
      if (token.value in CONSTANTS) return { kind: "number", value: CONSTANTS[token.value] as number };
      const fn = FUNCTIONS[token.value];
      if (!fn) {
        const next = this.peek();
        if (next?.type === "op" && next.value === "(")
          throw new ExpressionError(`unknown function "${token.value}" at position ${token.pos + 1}`);
        throw new ExpressionError(
          `unknown word "${token.value}" at position ${token.pos + 1}: expected ${expected}`,
        );
      }
      this.expect("(");
      const args: Expr[] = [this.sum()];
      while (this.peek()?.type === "op" && this.peek()?.value === ",") {
        this.index++;
        args.push(this.sum());
      }
      this.expect(")");
      const [min, max] = fn.arity;
      if (args.length < min || args.length > max) {
        const want = min === max ? `${min}` : `${min} to ${max}`;
        throw new ExpressionError(
          `${token.value}() takes ${want} argument${max === 1 ? "" : "s"}, got ${args.length}`,
        );
      }
      return { kind: "call", name: token.value, args };
    }
    throw this.unexpected(token, expected);
  }

  private expect(value: string): void {
    const token = this.peek();
    if (token?.type === "op" && token.value === value) {
      this.index++;
      return;
    }
    throw this.unexpected(token, `"${value}"`);
  }
}

/** Parses an expression into a tree. */
export function parseExpression(text: string): Expr {
  return new Parser(tokenize(text)).parse();
}

function evaluateTree(expr: Expr): number {
  switch (expr.kind) {
    case "number":
      return expr.value;
    case "unary":
      return expr.op === "-" ? -evaluateTree(expr.arg) : evaluateTree(expr.arg);
    case "percent":
      return evaluateTree(expr.arg) / 100;
    case "call": {
      const fn = FUNCTIONS[expr.name];
      if (!fn) throw new ExpressionError(`unknown function "${expr.name}"`);
      return fn.fn(...expr.args.map(evaluateTree));
    }
    case "binary": {
      const left = evaluateTree(expr.left);
      const right = evaluateTree(expr.right);
      switch (expr.op) {
        case "+":
          return left + right;
        case "-":
          return left - right;
        case "*":
          return left * right;
        case "/":
          if (right === 0) throw new ExpressionError("division by zero");
          return left / right;
        case "mod":
          if (right === 0) throw new ExpressionError("division by zero");
          return left % right;
        case "^":
          return left ** right;
      }
    }
  }
}

/** Evaluates an expression; the result is rounded to 12 significant digits to hide binary noise. */
export function evaluate(text: string): number {
  const value = evaluateTree(parseExpression(text));
  if (!Number.isFinite(value)) throw new ExpressionError(`the result is not a finite number (${value})`);
  return Number(value.toPrecision(12));
}
