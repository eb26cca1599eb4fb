import { readFile } from "node:fs/promises";
import { z } from "zod";
import { LimitsSchema } from "../graph/limits.ts";
import { McpServersSchema } from "../mcp/mcp-config.ts";
import { ModelConfigSchema } from "../model/config.ts";
import { ConfigError, parseWith } from "./config-error.ts";

/**
 * An agent config file (`glassbox run --config agent.json`): model, limits, prompt, tracing, and MCP
 * servers in the `mcpServers` shape of mcp.json files (so an mcp.json is a valid config file).
 */
export const AgentFileSchema = z
  .object({
    name: z.string().min(1).max(100).optional(),
    systemPrompt: z.string().min(1).optional(),
    model: ModelConfigSchema.optional(),
    limits: LimitsSchema.optional(),
    telemetry: z
      .object({
        exporters: z.array(z.string()).optional(),
        captureContent: z.boolean().optional(),
        serviceName: z.string().optional(),
        /** `agentcore` shapes the export for AgentCore Observability and Evaluations; `auto` detects ADOT. */
        profile: z.enum(["auto", "default", "agentcore"]).optional(),
        agentcore: z
          .object({
            logGroup: z.string().min(1).optional(),
            logStream: z.string().min(1).optional(),
            scopeName: z.string().min(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    mcpServers: McpServersSchema.optional(),
  })
  .strict();

export type AgentFile = z.output<typeof AgentFileSchema>;

/** Reads and validates an agent config file; errors name the file and the field. */
export async function loadAgentFile(path: string): Promise<AgentFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(
      `${path}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseWith(AgentFileSchema, json, path);
}
