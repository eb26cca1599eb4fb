import { ConfigError } from "../config/config-error.ts";

/**
 * Splits a command line as a POSIX shell splits words, without running one: blanks separate words;
 * single quotes keep everything literally; double quotes keep blanks, and a backslash there escapes
 * `"`, `\`, `$` and `` ` ``; a backslash outside quotes escapes the next character. No expansion.
 * `flag` names the option in the error for an unclosed quote or a trailing backslash.
 */
export function splitCommandLine(text: string, flag: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === "\\" && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string))
        word += text[++i];
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === "\\") {
      if (i + 1 >= text.length) throw new ConfigError(`${flag}: the command line ends with a lone backslash`);
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new ConfigError(`${flag}: the ${quote} quote opened in the command line is never closed`);
  if (inWord) words.push(word);
  return words;
}
