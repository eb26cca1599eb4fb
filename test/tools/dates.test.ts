import { describe, expect, it } from "vitest";
import { addMonths, createDateTools, monthsBetween, parseDate } from "../../tools/dates.ts";

const now = () => new Date("2026-11-25T10:00:00Z");
const { dateAdd, dateDiff, dayOfWeek } = createDateTools({ now });
const ctx = { toolCallId: "t", signal: new AbortController().signal };
const utc = (text: string) => Date.parse(`${text}T00:00:00Z`);

describe("date tools", () => {
  it("adds days, weeks and negative amounts", async () => {
    expect(
      await dateAdd.run(dateAdd.input.parse({ date: "2026-03-15", amount: 90, unit: "days" }), ctx),
    ).toEqual({ date: "2026-06-13", weekday: "Saturday" });
    expect(
      await dateAdd.run(dateAdd.input.parse({ date: "2026-01-10", amount: -3, unit: "weeks" }), ctx),
    ).toEqual({ date: "2025-12-20", weekday: "Saturday" });
    expect(await dateAdd.run(dateAdd.input.parse({ date: "today", amount: 1, unit: "days" }), ctx)).toEqual({
      date: "2026-11-26",
      weekday: "Thursday",
    });
  });

  it("clamps months and years to the end of the month", async () => {
    expect(new Date(addMonths(utc("2026-01-31"), 1)).toISOString().slice(0, 10)).toBe("2026-02-28");
    expect(new Date(addMonths(utc("2024-01-31"), 1)).toISOString().slice(0, 10)).toBe("2024-02-29");
    const leap = await dateAdd.run(
      dateAdd.input.parse({ date: "2024-02-29", amount: 1, unit: "years" }),
      ctx,
    );
    expect(leap).toEqual({ date: "2025-02-28", weekday: "Friday" });
  });

  it("keeps time of day for hours and minutes", async () => {
    const result = await dateAdd.run(
      dateAdd.input.parse({ date: "2026-03-15T22:30:00Z", amount: 2, unit: "hours" }),
      ctx,
    );
    expect(result).toEqual({ date: "2026-03-16T00:30:00.000Z", weekday: "Monday" });
  });

  it("counts days, weeks and calendar months between dates, signed", async () => {
    expect(
      await dateDiff.run(dateDiff.input.parse({ from: "2026-01-01", to: "2026-12-25" }), ctx),
    ).toMatchObject({ unit: "days", result: 358, days: 358 });
    expect(
      await dateDiff.run(dateDiff.input.parse({ from: "2026-12-25", to: "2026-01-01" }), ctx),
    ).toMatchObject({ result: -358 });
    expect(
      await dateDiff.run(dateDiff.input.parse({ from: "2026-01-31", to: "2026-03-30", unit: "months" }), ctx),
    ).toMatchObject({ result: 1 });
    // A Feb 29 anniversary falls on Feb 28 in common years (the same clamping as date_add).
    expect(
      await dateDiff.run(dateDiff.input.parse({ from: "2020-02-29", to: "2026-02-28", unit: "years" }), ctx),
    ).toMatchObject({ result: 6 });
    expect(
      await dateDiff.run(dateDiff.input.parse({ from: "2020-03-01", to: "2026-02-28", unit: "years" }), ctx),
    ).toMatchObject({ result: 5 });
    expect(monthsBetween(utc("2026-03-30"), utc("2026-01-31"))).toBe(-1);
  });

  it("tells weekdays of known dates", async () => {
    expect(await dayOfWeek.run(dayOfWeek.input.parse({ date: "2026-12-25" }), ctx)).toEqual({
      date: "2026-12-25",
      weekday: "Friday",
    });
    expect(await dayOfWeek.run(dayOfWeek.input.parse({ date: "2000-01-01" }), ctx)).toEqual({
      date: "2000-01-01",
      weekday: "Saturday",
    });
  });

  it("names the field and the expected format for a bad date", () => {
    expect(() => parseDate("date", "2026-02-30", now)).toThrow(
      'date: "2026-02-30" is not a date; expected ISO 8601 date (YYYY-MM-DD)',
    );
    expect(() => parseDate("from", "next blursday", now)).toThrow(/^from: "next blursday" is not a date/);
    expect(dateAdd.input.safeParse({ date: "2026-01-01", amount: 1, unit: "fortnights" }).success).toBe(
      false,
    );
  });
});
