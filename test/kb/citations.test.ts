import { describe, expect, it } from "vitest";
import type { Source } from "../../src/graph/index.ts";
import { buildCitations } from "../../src/kb/citations.ts";
import { extractiveAnswer } from "../../src/local/model/rag-answer.ts";

const sources: Source[] = [
  {
    id: "S1",
    text: "Employees get 25 days of paid vacation per year.",
    location: { type: "S3", s3Location: { uri: "s3://a/v.md" } },
    metadata: { department: "hr" },
  },
  { id: "S2", text: "Hotels are capped at 180 EUR per night.", metadata: { department: "finance" } },
];

describe("buildCitations", () => {
  it("turns [S1] markers into spans over the clean answer", () => {
    const { text, citations } = buildCitations(
      "You get 25 days [S1]. Hotels cost at most 180 EUR [S2, S1].",
      sources,
    );
    expect(text).toBe("You get 25 days. Hotels cost at most 180 EUR.");
    expect(citations).toHaveLength(2);
    const [first, second] = citations;
    expect(first?.generatedResponsePart.textResponsePart).toEqual({
      text: "You get 25 days",
      span: { start: 0, end: 14 },
    });
    expect(first?.retrievedReferences).toEqual([
      {
        content: { type: "TEXT", text: sources[0]?.text },
        location: { type: "S3", s3Location: { uri: "s3://a/v.md" } },
        metadata: { department: "hr" },
      },
    ]);
    const part = second?.generatedResponsePart.textResponsePart;
    expect(text.slice(part?.span.start, (part?.span.end ?? 0) + 1)).toBe(part?.text);
    expect(part?.text).toBe("Hotels cost at most 180 EUR");
    expect(second?.sourceIds).toEqual(["S2", "S1"]);
  });

  it("ignores markers for unknown sources", () => {
    const { text, citations } = buildCitations("Made up [S9].", sources);
    expect(text).toBe("Made up.");
    expect(citations).toEqual([]);
  });

  it("aligns an answer without markers sentence by sentence", () => {
    const { text, citations } = buildCitations("Paid vacation is 25 days per year. I like trains.", sources);
    expect(text).toBe("Paid vacation is 25 days per year. I like trains.");
    expect(citations).toHaveLength(1);
    expect(citations[0]?.sourceIds).toEqual(["S1"]);
    expect(citations[0]?.generatedResponsePart.textResponsePart.span).toEqual({ start: 0, end: 33 });
  });
});

describe("extractive answers of the local model", () => {
  it("quotes the best-matching sentences with their labels, and says so when nothing matches", () => {
    const answer = extractiveAnswer("What is the hotel cap per night?", [
      { label: "S1", text: "Employees get 25 days of paid vacation per year. Unused days expire in March." },
      { label: "S2", text: "Flights are economy. Hotels are capped at 180 EUR per night." },
    ]);
    expect(answer.startsWith("Hotels are capped at 180 EUR per night. [S2]")).toBe(true);
    expect(answer).toContain("not an LLM");
    expect(
      extractiveAnswer("quantum chromodynamics", [{ label: "S1", text: "Vacation is 25 days." }]),
    ).toMatch(/^The retrieved passages do not answer this question\./);
  });
});
