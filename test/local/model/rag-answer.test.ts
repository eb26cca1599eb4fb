import { describe, expect, it } from "vitest";
import { extractiveAnswer, questionTerms, RAG_DISCLOSURE } from "../../../src/local/model/rag-answer.ts";

const VACATION =
  "# Vacation policy Full-time employees of Larkspur Health accrue 25 days of paid vacation per calendar year. " +
  "Part-time employees accrue vacation in proportion to their contracted hours. " +
  "Up to 5 unused vacation days can be carried over into the next year.";
const SICK =
  "# Sick leave Employees who are ill must notify their manager before 9:00 on the first day of absence. " +
  "Sick days do not reduce your vacation balance.";
const HOLIDAYS =
  "title: Public holidays 2025 (Berlin office) note: Public holidays are paid days off and do not count against vacation. " +
  "holidays.0.date: 2025-01-01 holidays.0.name: New Year's Day holidays.3.date: 2025-10-03 holidays.3.name: German Unity Day";

const body = (answer: string) => answer.replace(`\n\n${RAG_DISCLOSURE}`, "");

describe("the local model's extractive answers", () => {
  it("ignores question words and stop words, and stems", () => {
    expect([...questionTerms("How many vacation days do new employees get?")]).toEqual([
      "vacat",
      "dai",
      "new",
      "employe",
    ]);
  });

  it("quotes the best sentence by overlap, without the heading glued to it or flattened JSON", () => {
    const answer = extractiveAnswer("How many days of paid vacation do full-time employees get?", [
      { label: "S1", text: SICK },
      { label: "S2", text: HOLIDAYS },
      { label: "S3", text: VACATION },
    ]);
    expect(body(answer)).toBe(
      "Full-time employees of Larkspur Health accrue 25 days of paid vacation per calendar year. [S3]",
    );
    expect(answer.endsWith(RAG_DISCLOSURE)).toBe(true);
  });

  it("adds a second sentence only from the same passage and nearly as relevant", () => {
    const answer = extractiveAnswer("When do carried-over vacation days expire?", [
      {
        label: "S1",
        text: "Up to 5 unused vacation days can be carried over into the next year. Carried-over days expire on 31 March.",
      },
      { label: "S2", text: "Vacation days are counted in working days." },
    ]);
    expect(body(answer)).toBe(
      "Up to 5 unused vacation days can be carried over into the next year. [S1] Carried-over days expire on 31 March. [S1]",
    );
  });

  it("prefers the higher-ranked passage on a tie", () => {
    const answer = extractiveAnswer("Who approves remote work?", [
      { label: "S1", text: "Remote work is approved by the People team." },
      { label: "S2", text: "Remote work is approved by your manager." },
    ]);
    expect(body(answer)).toBe("Remote work is approved by the People team. [S1]");
  });

  it("quotes one JSON record when flattened JSON is the only match", () => {
    const answer = extractiveAnswer("On what date is German Unity Day?", [{ label: "S1", text: HOLIDAYS }]);
    expect(body(answer)).toBe("holidays.3.date: 2025-10-03 holidays.3.name: German Unity Day [S1]");
  });

  it("declines when no sentence holds half the question's terms, and is deterministic", () => {
    const passages = [
      { label: "S1", text: VACATION },
      { label: "S2", text: SICK },
    ];
    const question = "Does Larkspur Health pay for dental insurance?";
    expect(extractiveAnswer(question, passages)).toMatch(
      /^The retrieved passages do not answer this question\./,
    );
    expect(extractiveAnswer("Sick days and vacation?", passages)).toBe(
      extractiveAnswer("Sick days and vacation?", passages),
    );
  });
});
