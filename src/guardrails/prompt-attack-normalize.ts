/**
 * Undoing the tricks that hide an instruction from a lexical detector: invisible characters inside words,
 * Unicode tag characters (ASCII smuggling), fullwidth and other compatibility forms, Cyrillic and Greek
 * look-alikes, leetspeak, letter spacing (`i g n o r e`, `i.g.n.o.r.e`), and base64, hex, URL-encoded and
 * rot13 payloads. Each trick found is reported, because using one is itself a sign of an attack.
 */

export interface Readings {
  /** The text to scan (normalised); further readings decoded from payloads, each with how it was found. */
  readings: Array<{ text: string; via?: string }>;
  /** Obfuscations seen: `invisible_characters`, `tag_characters`, `homoglyphs`, `letter_spacing`, ... */
  tricks: string[];
}

/** Zero-width and formatting characters; the byte-order mark counts only inside the text, not at its start. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const TAG_CHARACTERS = /[\u{e0000}-\u{e007f}]/gu;
const LOOKALIKES: Record<string, string> = {
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  х: "x",
  у: "y",
  і: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ɡ: "g",
  һ: "h",
  ӏ: "l",
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  Х: "X",
  У: "Y",
  І: "I",
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ω: "w",
  Α: "A",
  Β: "B",
  Ε: "E",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Χ: "X",
  Υ: "Y",
  Ζ: "Z",
};
const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKES).join("")}]`, "g");
/** A word mixing Latin letters with Cyrillic or Greek ones (real words in those scripts are left alone). */
const MIXED_SCRIPT =
  /(?=[\p{L}]*\p{Script=Latin})(?=[\p{L}]*[\p{Script=Cyrillic}\p{Script=Greek}])[\p{L}]{3,}/u;
const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", $: "s" };
/** A word with a leet digit between letters (`1gn0re`, `pr3vious`): digits inside ordinary numbers stay. */
const LEET_WORD = /\b(?=[a-z0-9$]*[a-z])(?=[a-z0-9$]*[013457$])[a-z0-9$]{2,}\b/gi;
/** Three or more single letters with one and the same separator: `i g n o r e`, `i.g.n.o.r.e`, `a-l-l`. */
const SPACED = /(?<![\p{L}\p{N}])\p{L}([ .\-_*·])\p{L}(?:\1\p{L})+(?![\p{L}\p{N}])/gu;
const BASE64_RUN = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])/g;
const HEX_RUN = /\b(?:[0-9a-f]{2}[ :]?){12,}\b/gi;
const URL_ENCODED = /(?:%[0-9a-f]{2}){4,}/i;

/** The readings of a text and the tricks it uses. */
export function readings(text: string): Readings {
  const tricks = new Set<string>();
  const out: Readings["readings"] = [];
  let visible = text;
  TAG_CHARACTERS.lastIndex = 0;
  if (TAG_CHARACTERS.test(text)) {
    TAG_CHARACTERS.lastIndex = 0;
    const hidden = [...text.matchAll(TAG_CHARACTERS)]
      .map((m) => String.fromCharCode((m[0].codePointAt(0) ?? 0xe0000) - 0xe0000))
      .join("");
    if (hidden.trim()) out.push({ text: hidden, via: "tag_characters" });
    tricks.add("tag_characters");
    visible = visible.replace(TAG_CHARACTERS, "");
  }
  INVISIBLE.lastIndex = 0;
  if (INVISIBLE.test(visible)) {
    // Between two letters an invisible character splits a word to slip it past a filter; a BOM at the
    // start or a soft hyphen in one long word is ordinary.
    const inWords = visible
      .replace(/^\ufeff/, "")
      .match(/\p{L}[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]+\p{L}/gu);
    if (inWords && inWords.length >= 2) tricks.add("invisible_characters");
    visible = visible.replace(INVISIBLE, "");
  }
  let normal = visible.normalize("NFKC");
  if (normal !== visible && /[\uff01-\uff5e]/.test(visible)) tricks.add("fullwidth");
  if (MIXED_SCRIPT.test(normal)) {
    tricks.add("homoglyphs");
    normal = normal.replace(LOOKALIKE, (c) => LOOKALIKES[c] ?? c);
  }
  SPACED.lastIndex = 0;
  if (SPACED.test(normal)) {
    SPACED.lastIndex = 0;
    normal = normal.replace(SPACED, (run, separator: string) => {
      if (run.length >= 9) tricks.add("letter_spacing");
      return run.split(separator).join("");
    });
    normal = normal.replace(/[ \t]{2,}/g, " ");
  }
  const leet = normal.replace(LEET_WORD, (word) =>
    /^\d+(?:st|nd|rd|th|s|am|pm|k|m|g|kg|km|x|d)?$/i.test(word)
      ? word
      : word.replace(/[013457$]/g, (c) => LEET[c] ?? c),
  );
  out.unshift({ text: normal });
  if (leet !== normal) out.push({ text: leet, via: "leetspeak" });
  for (const run of normal.match(BASE64_RUN) ?? []) {
    const decoded = decodeBase64(run);
    if (decoded) {
      out.push({ text: decoded, via: "base64" });
      tricks.add("base64");
    }
  }
  for (const run of normal.match(HEX_RUN) ?? []) {
    const decoded = printable(Buffer.from(run.replace(/[ :]/g, ""), "hex").toString("utf8"));
    if (decoded) out.push({ text: decoded, via: "hex" });
  }
  if (URL_ENCODED.test(normal)) {
    try {
      out.push({ text: decodeURIComponent(normal), via: "url_encoding" });
    } catch {
      // not valid percent-encoding: nothing to read
    }
  }
  if (/\brot-?13\b/i.test(normal)) out.push({ text: rot13(normal), via: "rot13" });
  return { readings: out, tricks: [...tricks] };
}

function decodeBase64(run: string): string | undefined {
  if (run.length % 4 === 1 || !/[a-z]/.test(run) || !/[A-Z0-9+/]/.test(run)) return undefined;
  return printable(Buffer.from(run, "base64").toString("utf8"));
}

/** The text if it is mostly printable words (decoded noise is ignored). */
function printable(decoded: string): string | undefined {
  if (decoded.length < 8) return undefined;
  const ok = decoded.replace(/[^\x20-\x7e\s]/g, "");
  return ok.length >= decoded.length * 0.9 && /[a-z]{3,}[ ,.]+[a-z]{2,}/i.test(decoded) ? decoded : undefined;
}

function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}
