import { inflateSync } from "node:zlib";

/**
 * Text of a text-based PDF, one string per page, without a PDF library. It reads every content stream
 * (FlateDecode or uncompressed) that draws text, and decodes the string operands of `Tj`, `TJ`, `'` and
 * `"` in literal `( )` and hex `< >` form, with line moves (`Td`, `TD`, `T*`, `Tm`) as line breaks.
 *
 * Limits: one content stream is taken as one page (true of most generated PDFs); fonts with custom
 * encodings or CID fonts (Type0/Identity-H) come out as their raw codes; scanned PDFs have no text.
 * Streams that cannot be inflated are skipped.
 */
export function extractPdfText(bytes: Uint8Array): string[] {
  const data = Buffer.from(bytes);
  if (data.subarray(0, 5).toString("latin1") !== "%PDF-") throw new Error("not a PDF (no %PDF- header)");
  const latin = data.toString("latin1");
  const pages: string[] = [];
  const streamStart = /<<((?:[^<>]|<<(?:[^<>]|<<[^<>]*>>)*>>|<[^<>]*>)*)>>\s*stream\r?\n/g;
  for (let match = streamStart.exec(latin); match; match = streamStart.exec(latin)) {
    const dictionary = match[1] ?? "";
    const begin = match.index + match[0].length;
    const end = latin.indexOf("endstream", begin);
    if (end < 0) break;
    streamStart.lastIndex = end;
    if (/\/(Type\s*\/(XObject|XRef|ObjStm|Metadata)|Subtype\s*\/Image)/.test(dictionary)) continue;
    let raw = data.subarray(begin, end);
    const lengthMatch = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary);
    if (lengthMatch) raw = data.subarray(begin, begin + Number(lengthMatch[1]));
    let content: string;
    try {
      content = /\/FlateDecode/.test(dictionary)
        ? inflateSync(raw).toString("latin1")
        : /\/Filter/.test(dictionary)
          ? ""
          : raw.toString("latin1");
    } catch {
      continue;
    }
    if (!/\bBT\b/.test(content)) continue;
    const text = contentText(content).trim();
    if (text) pages.push(text);
  }
  return pages;
}

const TOKEN =
  /\((?:\\[\s\S]|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[|\]|[A-Za-z'"*]+|-?\d*\.?\d+|\/[^\s/[\]()<>]+|%[^\n]*/g;

/** The text a content stream shows. */
function contentText(content: string): string {
  let out = "";
  const operands: string[] = [];
  let inArray = false;
  let arrayText = "";
  for (const match of content.matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith("(") || (token.startsWith("<") && token !== "<<")) {
      const text = token.startsWith("(") ? literal(token.slice(1, -1)) : hex(token.slice(1, -1));
      if (inArray) arrayText += text;
      else operands.push(text);
    } else if (token === "[") {
      inArray = true;
      arrayText = "";
    } else if (token === "]") {
      inArray = false;
      operands.push(arrayText);
    } else if (/^-?\d*\.?\d+$/.test(token)) {
      // A large negative kern inside TJ is a word gap.
      if (inArray && Number(token) < -200) arrayText += " ";
    } else if (/^[A-Za-z'"*]+$/.test(token)) {
      switch (token) {
        case "Tj":
        case "TJ":
          out += operands.at(-1) ?? "";
          break;
        case "'":
        case '"':
          out += `\n${operands.at(-1) ?? ""}`;
          break;
        case "Td":
        case "TD":
        case "T*":
        case "Tm":
          out += "\n";
          break;
        case "ET":
          out += "\n";
          break;
      }
      operands.length = 0;
    }
  }
  return out.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n");
}

function literal(body: string): string {
  return body.replace(/\\(\d{1,3}|[\s\S])/g, (_, code: string) => {
    if (/^\d/.test(code)) return String.fromCharCode(Number.parseInt(code, 8));
    return (
      ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", "\n": "", "\r": "" } as Record<string, string>)[code] ??
      code
    );
  });
}

function hex(body: string): string {
  const digits = body.replace(/\s+/g, "");
  const even = digits.length % 2 ? `${digits}0` : digits;
  return Buffer.from(even, "hex").toString("latin1");
}
