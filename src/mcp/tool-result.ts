import { isDeepStrictEqual } from "node:util";
import { ToolOutput, textOfBlocks } from "../tools/tool-output.ts";
import { IMAGE_FORMATS, type ToolResultBlock } from "../tools/tool-result-block.ts";

/** The parts of an MCP `CallToolResult` the mapping reads. */
export interface McpCallResult {
  content?: Array<Record<string, unknown>>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One MCP content item as Converse result blocks (Converse has no audio or link blocks: those become text). */
function toBlocks(item: Record<string, unknown>): ToolResultBlock[] {
  switch (item.type) {
    case "text":
      return [{ text: String(item.text ?? "") }];
    case "image": {
      const format = String(item.mimeType ?? "")
        .replace(/^image\//, "")
        .replace("jpg", "jpeg");
      if ((IMAGE_FORMATS as readonly string[]).includes(format) && typeof item.data === "string")
        return [{ image: { format: format as (typeof IMAGE_FORMATS)[number], base64: item.data } }];
      return [
        { text: `[image of type ${String(item.mimeType)} left out: Converse takes png, jpeg, gif and webp]` },
      ];
    }
    case "audio":
      return [
        {
          text: `[audio of type ${String(item.mimeType)} left out: Converse tool results cannot carry audio]`,
        },
      ];
    case "resource_link":
      return [{ text: `[resource ${String(item.name ?? "")} at ${String(item.uri)}]` }];
    case "resource": {
      const resource = (item.resource ?? {}) as Record<string, unknown>;
      if (typeof resource.text === "string") return [{ text: resource.text }];
      return [
        {
          text: `[binary resource ${String(resource.uri)} (${String(resource.mimeType ?? "unknown type")}) left out]`,
        },
      ];
    }
    default:
      return [{ text: `[content of type ${String(item.type)} left out]` }];
  }
}

/**
 * Maps an MCP tool result to what the model reads: text, image and embedded-text content as Converse
 * blocks, `structuredContent` as a `json` block (the text copy servers add is then dropped), and
 * `isError: true` as an error observation.
 */
export function mapToolResult(tool: string, result: McpCallResult): ToolOutput {
  let blocks = (result.content ?? []).flatMap(toBlocks);
  if (result.structuredContent !== undefined) {
    const structured = result.structuredContent;
    blocks = blocks.filter(
      (block) => !("text" in block && isDeepStrictEqual(parseJson(block.text), structured)),
    );
    blocks.push({ json: structured });
  }
  if (!blocks.length) blocks = [{ text: "(the tool returned no content)" }];
  if (result.isError) {
    const text = `Error: MCP tool "${tool}" reported an error: ${textOfBlocks(blocks)}`;
    return new ToolOutput({ text, error: { type: "mcp_tool_error" } });
  }
  const onlyText = blocks.every((block) => "text" in block);
  return new ToolOutput({ ...(onlyText ? {} : { blocks }), text: textOfBlocks(blocks) });
}
