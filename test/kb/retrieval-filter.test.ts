import { describe, expect, it } from "vitest";
import { matchesFilter, RetrievalFilterSchema } from "../../src/kb/retrieval-filter.ts";

const doc = {
  department: "hr",
  year: 2024,
  tags: ["leave", "benefits"],
  title: "Vacation policy",
  public: true,
};
const empty = {};

describe("RetrievalFilter operators (Bedrock semantics)", () => {
  it.each([
    [{ equals: { key: "department", value: "hr" } }, true, false],
    [{ equals: { key: "year", value: 2024 } }, true, false],
    [{ equals: { key: "public", value: true } }, true, false],
    [{ notEquals: { key: "department", value: "it" } }, true, true],
    [{ notEquals: { key: "department", value: "hr" } }, false, true],
    [{ greaterThan: { key: "year", value: 2023 } }, true, false],
    [{ greaterThan: { key: "year", value: 2024 } }, false, false],
    [{ greaterThanOrEquals: { key: "year", value: 2024 } }, true, false],
    [{ lessThan: { key: "year", value: 2025 } }, true, false],
    [{ lessThanOrEquals: { key: "year", value: 2023 } }, false, false],
    [{ in: { key: "department", value: ["it", "hr"] } }, true, false],
    [{ notIn: { key: "department", value: ["it", "finance"] } }, true, true],
    [{ notIn: { key: "department", value: ["hr"] } }, false, true],
    [{ startsWith: { key: "title", value: "Vac" } }, true, false],
    [{ startsWith: { key: "title", value: "policy" } }, false, false],
    [{ listContains: { key: "tags", value: "leave" } }, true, false],
    [{ listContains: { key: "tags", value: "lea" } }, false, false],
    [{ stringContains: { key: "title", value: "tion pol" } }, true, false],
    [{ stringContains: { key: "tags", value: "bene" } }, true, false],
    [{ stringContains: { key: "tags", value: "salary" } }, false, false],
  ])("%j: %s with the key, %s without it", (filter, withKey, absent) => {
    const parsed = RetrievalFilterSchema.parse(filter);
    expect(matchesFilter(doc, parsed)).toBe(withKey);
    expect(matchesFilter(empty, parsed)).toBe(absent);
  });

  it("numeric comparisons need a number attribute", () => {
    expect(matchesFilter({ year: "2024" }, { greaterThan: { key: "year", value: 2000 } })).toBe(false);
  });

  it("andAll and orAll nest", () => {
    const filter = RetrievalFilterSchema.parse({
      andAll: [
        { equals: { key: "department", value: "hr" } },
        {
          orAll: [
            { lessThan: { key: "year", value: 2000 } },
            { listContains: { key: "tags", value: "benefits" } },
          ],
        },
      ],
    });
    expect(matchesFilter(doc, filter)).toBe(true);
    expect(matchesFilter({ ...doc, tags: [] }, filter)).toBe(false);
  });

  it("rejects combinators with fewer than 2 members and objects with two operators", () => {
    expect(RetrievalFilterSchema.safeParse({ andAll: [{ equals: { key: "a", value: 1 } }] }).success).toBe(
      false,
    );
    expect(
      RetrievalFilterSchema.safeParse({ equals: { key: "a", value: 1 }, notEquals: { key: "b", value: 2 } })
        .success,
    ).toBe(false);
    expect(RetrievalFilterSchema.safeParse({ equals: { key: "x".repeat(101), value: 1 } }).success).toBe(
      false,
    );
  });
});

describe("RetrievalFilter errors", () => {
  const problem = (filter: unknown) => RetrievalFilterSchema.safeParse(filter).error?.issues[0]?.message;

  it("names the path of the first problem", () => {
    expect(problem({ equals: { key: "x" } })).toBe("equals.value: required");
    expect(problem({ andAll: [{ equals: { key: "a", value: 1 } }, { eq: { key: "b", value: 2 } }] })).toMatch(
      /^andAll\.1\.eq: unknown operator; expected one of equals, notEquals/,
    );
    expect(problem({ orAll: [{ in: { key: "a", value: [1] } }] })).toBe(
      "orAll: expected a list of at least 2 filters",
    );
    expect(problem({ startsWith: { key: "a", value: "b", extra: 1 } })).toBe(
      "startsWith.extra: unknown field; expected key and value",
    );
    expect(problem([])).toBe("filter: expected an object with one operator");
  });
});
