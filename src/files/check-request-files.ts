import type { ModelCapabilities } from "../model/catalog.ts";
import type { ConverseRequestBody } from "../model/converse-wire.ts";
import { FILE_LIMITS, FileInputError } from "./file-input.ts";

type Block = Record<string, unknown>;

/**
 * Checks the files a whole request carries (a thread may hold files from earlier turns) against the
 * model and Bedrock's per-request limits, so a request Bedrock would refuse is never sent: the model
 * takes images / documents / citations, at most 5 documents with distinct names and 20 images, and no
 * citations together with native structured output.
 */
export function checkRequestFiles(request: ConverseRequestBody, capabilities: ModelCapabilities): void {
  let images = 0;
  let documents = 0;
  let cited = false;
  const names = new Set<string>();
  for (const message of request.messages) {
    for (const block of message.content as Block[]) {
      if (block.image) {
        images++;
        if (!capabilities.images) throw new FileInputError(`${request.modelId} does not take images`);
      }
      const document = block.document as Block | undefined;
      if (!document) continue;
      documents++;
      if (!capabilities.documents) throw new FileInputError(`${request.modelId} does not take documents`);
      const name = String(document.name);
      if (names.has(name))
        throw new FileInputError(
          `two documents in this thread are named "${name}"; Bedrock refuses duplicate document names`,
        );
      names.add(name);
      if ((document.citations as { enabled?: boolean } | undefined)?.enabled) {
        cited = true;
        if (!capabilities.citations)
          throw new FileInputError(`${request.modelId} does not give citations from documents`);
      }
    }
  }
  if (documents > FILE_LIMITS.documents)
    throw new FileInputError(
      `this request would carry ${documents} documents (the thread's earlier turns included); Bedrock takes at most ${FILE_LIMITS.documents}`,
    );
  if (images > FILE_LIMITS.images)
    throw new FileInputError(
      `this request would carry ${images} images; Bedrock takes at most ${FILE_LIMITS.images}`,
    );
  if (cited && request.outputConfig)
    throw new FileInputError(
      "citations from documents cannot be combined with structured output (outputConfig) on Bedrock",
    );
}
