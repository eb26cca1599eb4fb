import { findModel } from "../model/catalog.ts";
import { accessProblem } from "../model/model-access.ts";
import { parseModelId } from "../model/model-id.ts";
import { validation } from "./bedrock-errors.ts";
import { checkModelAccess, onDemandRefusal } from "./model-rules.ts";

/**
 * Checks RetrieveAndGenerate's `modelArn` (already of the service model's shape) against the model
 * catalogue: a foundation model or inference profile of a model Glassbox knows, served the way it is
 * named (a profile-only model's foundation-model ARN gets Bedrock's on-demand refusal; a profile that does
 * not exist is invalid). Provisioned, custom and imported model ARNs exist only in an AWS account, so the
 * local Bedrock refuses them too. Returns the foundation model id behind it.
 */
export function checkRagModel(modelArn: string): string {
  const info = parseModelId(modelArn);
  const base = info?.baseModelId;
  const entry = base ? findModel(base) : undefined;
  if (!info || !base || !entry) {
    throw validation(
      `The model arn ${modelArn} is not valid or not supported: the local Bedrock answers with a foundation-model or inference-profile ARN of a model in its catalogue (see glassbox models), e.g. arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0.`,
    );
  }
  // The id the ARN names: `foundation-model/<id>` or `inference-profile/<profile id>`.
  const named = modelArn.startsWith("arn:") ? (modelArn.split("/").at(-1) ?? modelArn) : modelArn;
  if (info.kind === "foundation-model-arn" && accessProblem(named)?.kind === "needs-profile")
    throw validation(onDemandRefusal(named));
  checkModelAccess(named);
  return base;
}
