import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";

describe("glassbox run --json when the run fails", () => {
  it("prints the error as JSON on stdout (and one line on stderr)", async () => {
    const result = await runCli(["run", "--json", "--endpoint", "http://127.0.0.1:9", "What is 2+2?"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      outcome: "error",
      error: {
        code: "ENDPOINT_UNREACHABLE",
        message: expect.stringMatching(/^cannot reach http:\/\/127\.0\.0\.1:9/),
      },
    });
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
