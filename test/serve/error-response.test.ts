import { describe, expect, it } from "vitest";
import { McpClientError } from "../../src/mcp/mcp-client-error.ts";
import { RequestTimeoutError } from "../../src/model/request-timeout-error.ts";
import { RetryExhaustedError } from "../../src/model/retry.ts";
import { StructuredOutputError } from "../../src/output/structured-output-error.ts";
import { errorResponse } from "../../src/serve/error-response.ts";
import { PayloadError, UnavailableError } from "../../src/serve/invocation-errors.ts";
import { DatabaseError } from "../../src/threads/checkpointer.ts";
import { ThreadBusyError } from "../../src/threads/thread-lock.ts";

const named = (name: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { name, ...extra });

describe("errors as HTTP responses (glassbox serve, the Lambda handler)", () => {
  it.each<[string, unknown, number, string]>([
    [
      "a bad field",
      new PayloadError([{ name: "prompt", message: "expected a string" }]),
      400,
      "INVOCATION_INVALID",
    ],
    [
      "a thread another worker runs",
      new ThreadBusyError("s1", "in another process (pid 7)", 0),
      409,
      "THREAD_CONFLICT",
    ],
    [
      "throttling after every retry",
      new RetryExhaustedError(
        6,
        named("ThrottlingException", "slow down", { $metadata: { httpStatusCode: 429 } }),
        "ThrottlingException",
        "throttling",
      ),
      429,
      "RETRY_EXHAUSTED",
    ],
    ["a full server", new UnavailableError("Overloaded", "full"), 503, "SERVER_UNAVAILABLE"],
    [
      "an unreachable thread store",
      new DatabaseError(
        "cannot reach the PostgreSQL thread store at postgres://app:***@db:5432/x (ECONNREFUSED)",
      ),
      503,
      "DATABASE_UNAVAILABLE",
    ],
    [
      "a model timeout",
      new RequestTimeoutError("response", 600_000, "bedrock-runtime.eu-west-1.amazonaws.com"),
      504,
      "REQUEST_TIMEOUT",
    ],
    [
      "a model that cannot fit the schema",
      new StructuredOutputError("{}", ["total: required"], 3),
      502,
      "STRUCTURED_OUTPUT_INVALID",
    ],
    [
      "an MCP server gone",
      new McpClientError("MCP_CONNECTION_CLOSED", "files", "the server exited"),
      502,
      "MCP_CONNECTION_CLOSED",
    ],
    ["IAM refusing the model", named("AccessDeniedException", "not authorized"), 502, "ACCESS_DENIED"],
    ["a missing region on the server", named("Error", "Region is missing"), 500, "NO_REGION"],
    ["anything else", new Error("boom"), 500, "UNEXPECTED"],
  ])("%s", (_name, error, status, code) => {
    const response = errorResponse(error, "req-1");
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ code, requestId: "req-1" });
    expect(response.body.message).not.toContain("\n");
    expect(JSON.stringify(response.body)).not.toMatch(/\.[jt]s:\d+:\d+/); // no stack frames
  });

  it("asks a client to come back later when it is the server, not the request, that cannot go on", () => {
    expect(
      errorResponse(new DatabaseError("cannot reach the thread store"), "r").headers["retry-after"],
    ).toBe("5");
    expect(errorResponse(new UnavailableError("ShuttingDown", "bye", 2), "r").headers["retry-after"]).toBe(
      "2",
    );
    expect(
      errorResponse(new RequestTimeoutError("response", 1, "x"), "r").headers["retry-after"],
    ).toBeUndefined();
  });
});
