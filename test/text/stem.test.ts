import { describe, expect, it } from "vitest";
import { contentWords } from "../../src/guardrails/text-normalize.ts";
import { contentWords as requestWords } from "../../src/local/model/text.ts";
import { suffixStem } from "../../src/text/stem.ts";
import { FUNCTION_WORDS, REQUEST_FILLER_WORDS } from "../../src/text/stop-words.ts";

describe("suffixStem", () => {
  it.each([
    ["days", "day"],
    ["policies", "policy"],
    ["matches", "match"],
    ["boxes", "box"],
    ["classes", "class"],
    ["converting", "convert"],
    ["converted", "convert"],
    ["glass", "glass"],
    ["bus", "bus"],
    ["sing", "sing"],
    ["red", "red"],
  ])("%s → %s", (word, stem) => {
    expect(suffixStem(word)).toBe(stem);
  });

  it("is the one stemmer of the guardrails' and the local model's content words", () => {
    expect(contentWords("The matches were converted")).toEqual(["match", "convert"]);
    expect(requestWords("Please convert the matches")).toEqual(["convert", "match"]);
  });

  it("keeps the lists apart where their users differ: a request's politeness is not a function word", () => {
    expect(REQUEST_FILLER_WORDS.has("please")).toBe(true);
    expect(FUNCTION_WORDS.has("please")).toBe(false);
    expect(FUNCTION_WORDS.has("under")).toBe(true);
  });
});
