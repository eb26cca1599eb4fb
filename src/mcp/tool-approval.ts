import { globMatches, type RequireApproval } from "./mcp-config.ts";
import type { ListedTool } from "./mcp-connection.ts";

/** Whether a listed tool needs approval under its server's `requireApproval`. */
export function needsApproval(rule: RequireApproval | undefined, tool: ListedTool): boolean {
  if (rule === undefined || rule === "never") return false;
  if (rule === "always") return true;
  if (rule === "destructive") {
    const hints = tool.annotations ?? {};
    return hints.readOnlyHint !== true && hints.destructiveHint !== false;
  }
  return rule.some((pattern) => globMatches(pattern, tool.name));
}
