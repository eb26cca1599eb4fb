/**
 * @module
 * Files in the input: images and documents from paths, bytes or S3 URIs as Converse blocks, checked
 * against Bedrock's limits before sending; Converse citations from documents.
 */
export { documentCitations } from "./document-citations.ts";
export {
  type DocumentFormat,
  documentName,
  FILE_LIMITS,
  type FileInput,
  FileInputError,
  type ImageFormat,
  type UserMessageOptions,
  userMessage,
} from "./file-input.ts";
