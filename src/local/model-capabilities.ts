import { capabilitiesOf, type ModelCapabilities, UNKNOWN_MODEL } from "../model/catalog.ts";
import { parseModelId } from "../model/model-id.ts";

/** Models the local Bedrock should treat differently from the catalogue (id → capabilities over it). */
export type LocalModelOverrides = Record<string, Partial<ModelCapabilities>>;

/**
 * What the local Bedrock enforces per model: the catalogue's entry for the model behind the id (an
 * inference profile's base model), with the server's overrides on top (a custom or provisioned model
 * declared for a test, a smaller window). Unknown models get the catalogue's cautious defaults.
 */
export function localCapabilities(overrides: LocalModelOverrides = {}) {
  return (modelId: string): ModelCapabilities => {
    const base = parseModelId(modelId)?.baseModelId;
    const override = overrides[modelId] ?? (base ? overrides[base] : undefined);
    const known = base ? capabilitiesOf(base) : UNKNOWN_MODEL;
    return override ? { ...known, ...override } : known;
  };
}
