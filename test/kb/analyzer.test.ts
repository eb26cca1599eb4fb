import { describe, expect, it } from "vitest";
import { analyze } from "../../src/kb/analyzer.ts";
import { porterStem } from "../../src/kb/porter-stemmer.ts";

describe("Porter stemmer", () => {
  it.each([
    ["caresses", "caress"],
    ["ponies", "poni"],
    ["cats", "cat"],
    ["agreed", "agre"],
    ["plastered", "plaster"],
    ["motoring", "motor"],
    ["hopping", "hop"],
    ["filing", "file"],
    ["happy", "happi"],
    ["relational", "relat"],
    ["conditional", "condit"],
    ["digitizer", "digit"],
    ["triplicate", "triplic"],
    ["hopefulness", "hope"],
    ["revival", "reviv"],
    ["adjustment", "adjust"],
    ["adoption", "adopt"],
    ["controlling", "control"],
    ["generalizations", "gener"],
    ["connection", "connect"],
    ["connected", "connect"],
    ["connecting", "connect"],
  ])("%s → %s", (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });
});

describe("analyze (Lucene English analyser)", () => {
  it("lowercases, drops stop words and possessives, stems", () => {
    expect(analyze("The Employee's travelling EXPENSES are reimbursed, and it is FAST")).toEqual([
      "employe",
      "travel",
      "expens",
      "reimburs",
      "fast",
    ]);
  });
  it("keeps numbers and non-ASCII letters", () => {
    expect(analyze("Zürich 2024 café")).toEqual(["zürich", "2024", "café"]);
  });
});
