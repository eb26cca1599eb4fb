import { findModel } from "../model/catalog.ts";
import { parseModelId } from "../model/model-id.ts";
import { validation } from "./bedrock-errors.ts";

/**
 * Checks RetrieveAndGenerate's `modelArn` (already of the service model's shape) against the model
 * catalogue: a foundation model or inference profile of a text model Glassbox knows. Provisioned,
 * custom and imported model ARNs exist only in an AWS account, so the local Bedrock refuses them too.
 * Returns the foundation model id behind it.
 */
export function checkRagModel(modelArn: string): string {
  const info = parseModelId(modelArn);
  const base = info?.baseModelId;
  if (!info || !base || !findModel(base)) {
    throw validation(
      `The model arn ${modelArn} is not valid or not supported: the local Bedrock answers with a foundation-model or inference-profile ARN of a model in its catalogue (see glassbox models), e.g. arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0.`,
    );
  }
  return base;
}
