import { describe, expect, it } from "vitest";
import { splitLocalDisclosure } from "../../src/local/disclosure.ts";

describe("splitLocalDisclosure", () => {
  it("separates the local model's note from the claims", () => {
    expect(
      splitLocalDisclosure(
        "Up to 5 days carry over. [S1]\n\n(Glassbox local model: deterministic rules, not an LLM.)",
      ),
    ).toEqual({
      claims: "Up to 5 days carry over. [S1]",
      disclosure: "(Glassbox local model: deterministic rules, not an LLM.)",
    });
  });

  it("leaves other parentheses and notes-free answers alone", () => {
    expect(splitLocalDisclosure("It costs 12 EUR (VAT included).")).toEqual({
      claims: "It costs 12 EUR (VAT included).",
      disclosure: "",
    });
  });
});
