import { describe, expect, it } from "vitest";
import { splitCommandLine } from "../../src/mcp/command-line.ts";
import { parseMcpFlag } from "../../src/mcp/mcp-config.ts";

describe("an --mcp command line", () => {
  it("splits words as a shell does: quotes keep blanks, backslashes escape, nothing is expanded", () => {
    expect(
      splitCommandLine(
        `node  "my server.js" --root '/data/a b' --name=x\\ y "say \\"hi\\"" '$HOME'`,
        "--mcp",
      ),
    ).toEqual(["node", "my server.js", "--root", "/data/a b", "--name=x y", 'say "hi"', "$HOME"]);
    expect(splitCommandLine(`a "" ''b`, "--mcp")).toEqual(["a", "", "b"]);
    expect(parseMcpFlag(`npx -y "@acme/mcp server"`, 1)).toEqual([
      "mcp2",
      { command: "npx", args: ["-y", "@acme/mcp server"] },
    ]);
  });

  it("names the flag and the problem for an unclosed quote or a lone backslash", () => {
    expect(() => parseMcpFlag(`node 'server.js`, 0)).toThrow(
      "--mcp: the ' quote opened in the command line is never closed",
    );
    expect(() => splitCommandLine(`node server.js \\`, "--mcp")).toThrow(
      "--mcp: the command line ends with a lone backslash",
    );
  });
});
