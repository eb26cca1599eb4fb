/** Shapes of the prompt-attack corpora and of the generated samples. */
export interface Corpus {
  /** Attacks typed by the user, per family. */
  direct: Record<string, string[]>;
  /** Injections addressed to the model inside data, per family; each is placed inside a carrier. */
  indirect: Record<string, string[]>;
  /** Tool results and retrieved passages with a `{PAYLOAD}` slot. */
  carriers: string[];
  /** Ordinary user messages, many with words attacks also use. */
  benignDirect: string[];
  /** Ordinary documents and tool outputs full of imperatives. */
  benignDocuments: string[];
}

export interface AttackSample {
  id: string;
  text: string;
  /** direct: the user's input; indirect: a tool result or retrieved passage. */
  kind: "direct" | "indirect";
  attack: boolean;
  /** The attack family, `<family>+<obfuscation>` for obfuscated ones, or `benign`. */
  family: string;
}
