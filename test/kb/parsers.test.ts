import { describe, expect, it } from "vitest";
import { formatOf, htmlText, jsonText, parseDocument } from "../../src/kb/parsers.ts";
import { extractPdfText } from "../../src/kb/pdf-text.ts";
import { makeDocx, makePdf } from "../helpers/fixtures.ts";

describe("document parsers", () => {
  it("knows formats by extension", () => {
    expect(formatOf("a/b/Policy.PDF")).toBe("pdf");
    expect(formatOf("notes.markdown")).toBe("md");
    expect(formatOf("image.png")).toBeUndefined();
  });
  it("HTML: visible text only, entities decoded, blocks as lines", () => {
    const text = htmlText(
      "<html><head><style>p{}</style><script>alert(1)</script><title>T</title></head><body><h1>Travel&nbsp;policy</h1><p>Meals &amp; taxis &#8364;50 &lt;cap&gt;</p><!-- hidden --></body></html>",
    );
    expect(text).toBe("T\n\nTravel policy\n\nMeals & taxis €50 <cap>");
  });
  it("JSON: path: value lines", () => {
    expect(jsonText({ policy: { name: "Leave", days: [20, 25] }, active: true })).toBe(
      "policy.name: Leave\npolicy.days.0: 20\npolicy.days.1: 25\nactive: true",
    );
  });
  it("PDF: text of each page from FlateDecode streams, with escapes", async () => {
    const pdf = makePdf([
      "Expense policy (2024)\nMeals are capped at 50 EUR.",
      "Page two: taxis need receipts \\ always.",
    ]);
    expect(extractPdfText(pdf)).toEqual([
      "Expense policy (2024)\nMeals are capped at 50 EUR.",
      "Page two: taxis need receipts \\ always.",
    ]);
    const parsed = await parseDocument(pdf, "pdf");
    expect(parsed.pages).toHaveLength(2);
    await expect(parseDocument(Buffer.from("hello"), "pdf")).rejects.toThrow(/not a PDF/);
  });
  it("DOCX through mammoth", async () => {
    const parsed = await parseDocument(
      makeDocx(["Remote work is allowed two days a week.", "Ask your manager."]),
      "docx",
    );
    expect(parsed.text).toContain("Remote work is allowed two days a week.");
    expect(parsed.text).toContain("Ask your manager.");
  });
  it("rejects text that is not UTF-8", async () => {
    await expect(parseDocument(Uint8Array.from([0xff, 0xfe, 0xfd]), "txt")).rejects.toThrow();
  });
});
