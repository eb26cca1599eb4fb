import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AIMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { numberFlag, parseFlags } from "../../src/cli/args.ts";
import { explainError } from "../../src/cli/errors.ts";
import { parseWith } from "../../src/config/config-error.ts";
import { ConfigError, ERROR_CODES, type ErrorCode, GlassboxError, UsageError } from "../../src/errors.ts";
import { regexMatch } from "../../src/evals/evaluators/text.ts";
import { userMessage } from "../../src/files/file-input.ts";
import { DirectRunError } from "../../src/graph/direct-run.ts";
import { parseToolReviewResponse } from "../../src/graph/tool-review.ts";
import { GuardrailValidationError } from "../../src/guardrails/guardrail.ts";
import { findRegex } from "../../src/guardrails/regex-safety.ts";
import { BedrockError } from "../../src/local/bedrock-errors.ts";
import { McpClientError } from "../../src/mcp/mcp-client-error.ts";
import { AwsCallError, toGlassboxError } from "../../src/model/aws-error.ts";
import { resolveConnection } from "../../src/model/connection.ts";
import { toConverseMessages } from "../../src/model/converse-messages.ts";
import { RequestTimeoutError } from "../../src/model/request-timeout-error.ts";
import { RetryExhaustedError } from "../../src/model/retry.ts";
import { StructuredOutputError } from "../../src/output/structured-output-error.ts";
import { RunTimeoutError, ThreadConflictError, UnavailableError } from "../../src/serve/invocation-errors.ts";
import { parseInvocationPayload } from "../../src/serve/invocation-payload.ts";
import { requireJson } from "../../src/serve/request-body.ts";
import { parseTraceFile } from "../../src/studio/shared/trace-model.ts";
import { StudioRequestError } from "../../src/studio/studio-error.ts";
import { OtlpExportError } from "../../src/telemetry/otlp-error.ts";
import { createCheckpointer } from "../../src/threads/checkpointer.ts";
import { ThreadBusyError } from "../../src/threads/thread-lock.ts";
import { defineTool } from "../../src/tools/define-tool.ts";
import { tempDir } from "../helpers/fixtures.ts";

const named = (name: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { name, ...extra });

describe("errors explained in one line", () => {
  it("maps Bedrock and network errors to the problem and the fix", () => {
    expect(
      explainError(named("ValidationException", "The provided model identifier is invalid."), {
        modelId: "x.y",
      }),
    ).toEqual({
      code: "MODEL_UNKNOWN",
      message: expect.stringMatching(/^unknown model "x\.y": run `glassbox models`/),
      exitCode: 2,
    });
    expect(explainError(named("ValidationException", "messages.0 is blank")).message).toBe(
      "Bedrock rejected the request: messages.0 is blank",
    );
    expect(explainError(named("AccessDeniedException", "nope")).message).toMatch(/bedrock:InvokeModel/);
    const refused = new Error("connect", { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) });
    expect(explainError(refused, { endpoint: "http://127.0.0.1:9" }).message).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/,
    );
    expect(explainError(new Error("Region is missing")).message).toMatch(/^no AWS region/);
    expect(
      explainError(named("CredentialsProviderError", "Could not load credentials from any providers"))
        .exitCode,
    ).toBe(2);
  });

  it("passes usage and config errors through as exit code 2", () => {
    expect(explainError(new UsageError("bad flag"))).toEqual({
      code: "USAGE",
      message: "bad flag",
      exitCode: 2,
    });
    expect(explainError(new ConfigError("model.x: bad"))).toEqual({
      code: "CONFIG_INVALID",
      message: "model.x: bad",
      exitCode: 2,
    });
    expect(explainError(new Error("boom"))).toEqual({ code: "UNEXPECTED", message: "boom", exitCode: 1 });
  });
});

/** Builds one real failure of each user-facing class, as the library raises it. */
function failures(): Array<[string, () => unknown]> {
  const rejection = (start: () => Promise<unknown>) => () =>
    start().then(
      () => {
        throw new Error("expected a rejection");
      },
      (error: unknown) => error,
    );
  const capture = (fn: () => unknown) => () => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    throw new Error("expected a throw");
  };
  const throttled = Object.assign(new Error("Too many requests"), {
    name: "ThrottlingException",
    $metadata: { httpStatusCode: 429, requestId: "req-1" },
  });
  return [
    ["UsageError", () => new UsageError('unknown command "rn"')],
    [
      "ConfigError",
      capture(() => parseWith(z.object({ maxSteps: z.number() }), { maxSteps: "x" }, "limits")),
    ],
    [
      "ToolDefinitionError",
      capture(() => defineTool({ name: "bad name!", description: "d", input: z.object({}), run: () => 1 })),
    ],
    [
      "ToolReviewError",
      capture(() =>
        parseToolReviewResponse({ decisions: {} }, [
          { id: "t1", name: "calc", args: {}, reason: "approval" },
        ]),
      ),
    ],
    ["GuardrailValidationError", () => new GuardrailValidationError("text exceeds 200000 characters")],
    ["RetryExhaustedError", () => new RetryExhaustedError(6, throttled, "ThrottlingException", "throttling")],
    [
      "AccessDeniedException",
      () => Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }),
    ],
    [
      "ResourceNotFoundException",
      () => Object.assign(new Error("no such guardrail"), { name: "ResourceNotFoundException" }),
    ],
    ["AbortError", () => Object.assign(new Error("This operation was aborted"), { name: "AbortError" })],
    ["RequestTimeoutError", () => new RequestTimeoutError("stream-idle", 300, "127.0.0.1:4010")],
    ["ThreadBusyError", () => new ThreadBusyError("t1", "in another process (pid 4242)", 0)],
    [
      "DatabaseError",
      rejection(async () => {
        // A thread store in a directory that is a file: SQLite cannot open it.
        const dir = tempDir();
        writeFileSync(join(dir, "not-a-dir"), "");
        await createCheckpointer(`sqlite:${join(dir, "not-a-dir", "threads.db")}`);
      }),
    ],
    ["RegexBudgetError", capture(() => findRegex("a".repeat(600_000), "[a-z]+", 1))],
    ["UnsafeRegex", capture(() => regexMatch({ pattern: "total(?=:)" }))],
    [
      "OtlpExportError",
      () =>
        new OtlpExportError(
          "traces",
          "http://127.0.0.1:9/v1/traces",
          "ECONNREFUSED (is the collector running?)",
        ),
    ],
    ["MCP_CONNECT_FAILED", () => new McpClientError("MCP_CONNECT_FAILED", "files", "spawn npx-nope ENOENT")],
    [
      "MCP_CONNECTION_CLOSED",
      () => new McpClientError("MCP_CONNECTION_CLOSED", "files", "the server exited (code 1)"),
    ],
    [
      "MCP_NAME_COLLISION",
      () => new McpClientError("MCP_NAME_COLLISION", "files", 'tool "read" is also on server "docs"'),
    ],
    [
      "MCP_CALL_FAILED",
      () => new McpClientError("MCP_CALL_FAILED", "files", "read: timed out after 30000 ms"),
    ],
    ["PayloadError", capture(() => parseInvocationPayload('{"prompt": "hi", "continue": true}'))],
    ["RequestRejectedError", capture(() => requireJson("text/plain"))],
    [
      "ThreadConflictError",
      () => new ThreadConflictError("ThreadPaused", "session s1 is waiting for decisions on calc (t1)"),
    ],
    [
      "UnavailableError",
      () => new UnavailableError("Overloaded", "128 invocations are running; retry shortly"),
    ],
    ["RunTimeoutError", () => new RunTimeoutError("the run took longer than 900000 ms and was stopped")],
    [
      "StructuredOutputError",
      () => new StructuredOutputError('{"total":"x"}', ["total: expected number", "note: required"], 3),
    ],
    [
      "FileInputError",
      rejection(() => userMessage("Summarise this", { files: [join(tempDir(), "missing.pdf")] })),
    ],
    [
      "UnsupportedContentError",
      capture(() => toConverseMessages([new AIMessage({ content: [{ type: "hologram" }] as never })])),
    ],
    [
      "BedrockError",
      () => new BedrockError("ValidationException", "The provided model identifier is invalid."),
    ],
    [
      "DirectRunError",
      () => new DirectRunError('node "route" sent a Send; create the agent with executor: "graph"'),
    ],
    ["StudioRequestError", () => new StudioRequestError("checkpoint c1 is mid-run: not a fork point")],
    ["StudioRequestError (404)", () => new StudioRequestError('no graph "nope"', 404)],
    ["TraceFileError", capture(() => parseTraceFile('{"resourceSpans": []}\nnot json'))],
  ];
}

describe("errors by code", () => {
  const expected: Record<string, { code: string; exitCode: number; message: RegExp }> = {
    UsageError: { code: "USAGE", exitCode: 2, message: /^unknown command "rn"$/ },
    ConfigError: { code: "CONFIG_INVALID", exitCode: 2, message: /^limits\.maxSteps: / },
    ToolDefinitionError: { code: "TOOL_DEFINITION_INVALID", exitCode: 2, message: /bad name!/ },
    ToolReviewError: { code: "TOOL_REVIEW_INVALID", exitCode: 2, message: /t1/ },
    GuardrailValidationError: { code: "GUARDRAIL_CONTENT_INVALID", exitCode: 2, message: /200000/ },
    RetryExhaustedError: {
      code: "RETRY_EXHAUSTED",
      exitCode: 1,
      message: /after 6 attempts \(ThrottlingException/,
    },
    AccessDeniedException: { code: "ACCESS_DENIED", exitCode: 1, message: /bedrock:InvokeModel/ },
    ResourceNotFoundException: {
      code: "RESOURCE_NOT_FOUND",
      exitCode: 1,
      message: /^Bedrock: no such guardrail$/,
    },
    AbortError: { code: "CANCELLED", exitCode: 1, message: /^the run was cancelled$/ },
    RequestTimeoutError: {
      code: "REQUEST_TIMEOUT",
      exitCode: 1,
      message:
        /^the response stream sent nothing within 300 ms from 127\.0\.0\.1:4010 \(model\.streamIdleTimeoutMs\)$/,
    },
    ThreadBusyError: {
      code: "THREAD_BUSY",
      exitCode: 1,
      message: /^thread t1 is busy in another process \(pid 4242\): nothing was added to it; try again/,
    },
    DatabaseError: {
      code: "DATABASE_UNAVAILABLE",
      exitCode: 1,
      message: /^cannot open the SQLite thread store .*not-a-dir\/threads\.db .*: check the path/,
    },
    RegexBudgetError: {
      code: "REGEX_TIME_BUDGET",
      exitCode: 1,
      message: /^the guardrail regex "\[a-z\]\+" ran past its 1 ms budget on 600000 characters/,
    },
    UnsafeRegex: { code: "CONFIG_INVALID", exitCode: 2, message: /^regex evaluator: pattern: lookahead/ },
    OtlpExportError: {
      code: "OTLP_EXPORT_FAILED",
      exitCode: 1,
      message: /^OTLP traces export to http:\/\/127\.0\.0\.1:9\/v1\/traces failed: ECONNREFUSED/,
    },
    MCP_CONNECT_FAILED: { code: "MCP_CONNECT_FAILED", exitCode: 1, message: /^MCP server "files": spawn/ },
    MCP_CONNECTION_CLOSED: {
      code: "MCP_CONNECTION_CLOSED",
      exitCode: 1,
      message: /^MCP server "files": the server exited/,
    },
    MCP_NAME_COLLISION: {
      code: "MCP_NAME_COLLISION",
      exitCode: 2,
      message: /^MCP server "files": tool "read"/,
    },
    MCP_CALL_FAILED: {
      code: "MCP_CALL_FAILED",
      exitCode: 1,
      message: /^MCP server "files": read: timed out/,
    },
    PayloadError: { code: "INVOCATION_INVALID", exitCode: 2, message: /prompt|continue/ },
    RequestRejectedError: {
      code: "REQUEST_REJECTED",
      exitCode: 2,
      message: /^content-type: expected application\/json, got "text\/plain"$/,
    },
    ThreadConflictError: {
      code: "THREAD_CONFLICT",
      exitCode: 2,
      message: /^session s1 is waiting for decisions/,
    },
    UnavailableError: { code: "SERVER_UNAVAILABLE", exitCode: 1, message: /^128 invocations are running/ },
    RunTimeoutError: { code: "RUN_TIMEOUT", exitCode: 1, message: /^the run took longer than 900000 ms/ },
    StructuredOutputError: {
      code: "STRUCTURED_OUTPUT_INVALID",
      exitCode: 1,
      message:
        /^the answer did not match the output schema after 3 attempts: total: expected number; note: required$/,
    },
    FileInputError: { code: "FILE_INPUT_INVALID", exitCode: 2, message: /missing\.pdf/ },
    UnsupportedContentError: {
      code: "CONTENT_UNSUPPORTED",
      exitCode: 2,
      message: /"hologram" content block/,
    },
    DirectRunError: { code: "EXECUTOR_UNSUPPORTED", exitCode: 2, message: /executor: "graph"$/ },
    StudioRequestError: { code: "STUDIO_REQUEST_INVALID", exitCode: 2, message: /not a fork point$/ },
    "StudioRequestError (404)": { code: "STUDIO_NOT_FOUND", exitCode: 2, message: /^no graph "nope"$/ },
    TraceFileError: { code: "TRACE_FILE_INVALID", exitCode: 2, message: /^line 2: not JSON/ },
    BedrockError: {
      code: "LOCAL_BEDROCK_ERROR",
      exitCode: 1,
      message: /^The provided model identifier is invalid\.$/,
    },
  };

  it.each(failures())("%s maps to its code, exit code and one-line message", async (name, make) => {
    const error = await make();
    const explained = explainError(error);
    const want = expected[name];
    expect(explained.code).toBe(want?.code);
    expect(explained.exitCode).toBe(want?.exitCode);
    expect(explained.exitCode).toBe(ERROR_CODES[explained.code] === "usage" ? 2 : 1);
    expect(explained.message).toMatch(want?.message as RegExp);
    expect(explained.message).not.toContain("\n");
  });

  it("covers every code of src/errors.ts: the failures above, the AWS mappings and the tool observations", () => {
    // Tool failures become the model's observations (error tool results), never a CLI exit: they are
    // covered where the loop reports them (test/graph, test/tools).
    const observations: ErrorCode[] = ["TOOL_TIMEOUT", "TOOL_UNKNOWN", "TOOL_INPUT_INVALID", "TOOL_FAILED"];
    // Mapped from AWS SDK errors and checked in "errors explained in one line" and the profile test.
    const mapped: ErrorCode[] = [
      "MODEL_UNKNOWN",
      "BEDROCK_REJECTED",
      "ENDPOINT_UNREACHABLE",
      "NO_REGION",
      "NO_CREDENTIALS",
      "UNEXPECTED",
      "PROFILE_NOT_FOUND",
    ];
    // A checkpoint reference of `glassbox thread show/fork` that matches none or several: exit 2 and the
    // candidates, checked in test/cli/thread-polish.test.ts.
    const threadCommand: ErrorCode[] = ["CHECKPOINT_NOT_FOUND"];
    // A model choice Bedrock would refuse, refused by createAgent: checked in test/model/model-choice.test.ts.
    const modelChoice: ErrorCode[] = [
      "MODEL_NEEDS_PROFILE",
      "MODEL_PROFILE_UNKNOWN",
      "INFERENCE_CONFIG_INVALID",
    ];
    // Checked where they arise: test/local/cassette/record-replay.test.ts,
    // test/bedrock-agents/openapi-operations.test.ts, test/cli/agents.test.ts (`agents import --strict`).
    const elsewhere: ErrorCode[] = ["CASSETTE_INVALID", "ACTION_GROUP_INVALID", "AGENT_IMPORT_INCOMPLETE"];
    const covered = new Set([
      ...Object.values(expected).map((want) => want.code),
      ...observations,
      ...mapped,
      ...threadCommand,
      ...modelChoice,
      ...elsewhere,
    ]);
    expect(Object.keys(ERROR_CODES).filter((code) => !covered.has(code))).toEqual([]);
  });

  it("keeps the underlying AWS error as cause, with its metadata", () => {
    const throttled = Object.assign(new Error("slow down"), {
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 429, requestId: "req-9" },
    });
    const exhausted = new RetryExhaustedError(3, throttled, "ThrottlingException", "throttling");
    expect(exhausted.cause).toBe(throttled);
    expect(exhausted.lastError).toBe(throttled);
    const denied = Object.assign(new Error("no"), {
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403, requestId: "r2" },
    });
    const wrapped = toGlassboxError(denied);
    expect(wrapped).toBeInstanceOf(AwsCallError);
    expect(wrapped.cause).toBe(denied);
    expect(wrapped).toMatchObject({
      code: "ACCESS_DENIED",
      kind: "failed",
      awsName: "AccessDeniedException",
      httpStatus: 403,
      requestId: "r2",
    });
    expect(toGlassboxError(exhausted)).toBe(exhausted);
  });

  it("recognises its errors by marker, also from another copy of the package", async () => {
    const error = new ConfigError("x");
    expect(GlassboxError.isInstance(error)).toBe(true);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(UsageError.isInstance(error)).toBe(false);
    expect(GlassboxError.isInstance(new Error("x"))).toBe(false);
    expect(GlassboxError.isInstance(null)).toBe(false);
    // A second copy of the module (a different class object), as when two installs meet in one process.
    const file = join(tempDir(), "errors.ts");
    copyFileSync(fileURLToPath(new URL("../../src/errors.ts", import.meta.url)), file);
    const copy = (await import(
      /* @vite-ignore */ pathToFileURL(file).href
    )) as typeof import("../../src/errors.ts");
    expect(copy.GlassboxError).not.toBe(GlassboxError);
    const foreign = new copy.ConfigError("from the other copy");
    expect(foreign instanceof ConfigError).toBe(false);
    expect(ConfigError.isInstance(foreign)).toBe(true);
    expect(GlassboxError.isInstance(foreign)).toBe(true);
    expect(explainError(foreign)).toEqual({
      code: "CONFIG_INVALID",
      message: "from the other copy",
      exitCode: 2,
    });
  });

  it("refuses an explicitly named AWS profile that does not exist instead of going local", async () => {
    const home = tempDir();
    const env = { HOME: home, AWS_EC2_METADATA_DISABLED: "true" };
    const error = await resolveConnection({ profile: "nope", env }).catch((e: unknown) => e);
    expect(explainError(error)).toEqual({
      code: "PROFILE_NOT_FOUND",
      message: expect.stringMatching(/^--profile nope: no such profile/),
      exitCode: 2,
    });
  });
});

describe("flag parsing", () => {
  it("names unknown flags and bad numbers", () => {
    expect(() => parseFlags("run", ["--nope"], {})).toThrow(/--nope.*glassbox run --help/);
    expect(numberFlag("max-steps", "3", { min: 1, integer: true })).toBe(3);
    expect(() => numberFlag("max-steps", "0", { min: 1, integer: true })).toThrow(
      '--max-steps expects a whole number ≥ 1, got "0"',
    );
    expect(() => numberFlag("rate", "2", { min: 0, max: 1 })).toThrow("--rate expects a number ≥ 0 and ≤ 1");
    expect(numberFlag("x", undefined)).toBeUndefined();
  });
});
