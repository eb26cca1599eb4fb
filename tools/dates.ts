import { z } from "zod";
import { defineTool } from "../src/tools/index.ts";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const DAY_MS = 86_400_000;
const DATE_HELP = "ISO 8601 date (YYYY-MM-DD) or 'today'";

/** A parsed date: UTC midnight (or the given time) and whether a time of day was given. */
interface Moment {
  ms: number;
  hasTime: boolean;
}

/** Reads `YYYY-MM-DD`, an ISO date-time, or today/tomorrow/yesterday; the error names the field. */
export function parseDate(field: string, text: string, now: () => Date): Moment {
  const word = text.trim().toLowerCase();
  const today = now();
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (word === "today") return { ms: midnight, hasTime: false };
  if (word === "tomorrow") return { ms: midnight + DAY_MS, hasTime: false };
  if (word === "yesterday") return { ms: midnight - DAY_MS, hasTime: false };
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text.trim(),
    );
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      if (!match[4]) return { ms, hasTime: false };
      const parsed = Date.parse(match[7] ? text.trim() : `${text.trim()}Z`);
      if (!Number.isNaN(parsed)) return { ms: parsed, hasTime: true };
    }
  }
  throw new Error(`${field}: "${text}" is not a date; expected ${DATE_HELP}, tomorrow or yesterday`);
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const weekday = (ms: number) => WEEKDAYS[new Date(ms).getUTCDay()] as string;

/** Adds months in the calendar, clamping to the month's last day (Jan 31 + 1 month = Feb 28). */
export function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target.getTime() + (ms - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** Whole calendar months from `from` to `to` (signed). */
export function monthsBetween(from: number, to: number): number {
  const a = new Date(from);
  const b = new Date(to);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  if (months > 0 && addMonths(from, months) > to) months--;
  if (months < 0 && addMonths(from, months) < to) months++;
  return months;
}

/** The three date tools, with an injectable clock for today/tomorrow/yesterday. */
export function createDateTools({ now = () => new Date() }: { now?: () => Date } = {}) {
  const dateAdd = defineTool({
    name: "date_add",
    description:
      "Add or subtract a duration to a date: which date is N days/weeks/months/years after or before a date.",
    input: z.object({
      date: z.string().describe(DATE_HELP),
      amount: z.number().describe("how many units to add; negative to go back in time"),
      unit: z.enum(["days", "weeks", "months", "years", "hours", "minutes"]),
    }),
    run: ({ date, amount, unit }) => {
      const start = parseDate("date", date, now);
      let ms: number;
      if (unit === "months" || unit === "years") {
        if (!Number.isInteger(amount))
          throw new Error(`amount: ${unit} must be a whole number, got ${amount}`);
        ms = addMonths(start.ms, unit === "years" ? amount * 12 : amount);
      } else {
        const unitMs = { days: DAY_MS, weeks: 7 * DAY_MS, hours: 3_600_000, minutes: 60_000 }[unit];
        ms = start.ms + amount * unitMs;
      }
      const withTime = start.hasTime || unit === "hours" || unit === "minutes" || !Number.isInteger(amount);
      return { date: withTime ? new Date(ms).toISOString() : isoDate(ms), weekday: weekday(ms) };
    },
  });

  const dateDiff = defineTool({
    name: "date_diff",
    description: "Count the days (or weeks, months, years) between two dates.",
    input: z.object({
      from: z.string().describe(`start date: ${DATE_HELP}`),
      to: z.string().describe(`end date: ${DATE_HELP}`),
      unit: z.enum(["days", "weeks", "months", "years"]).default("days"),
    }),
    run: ({ from, to, unit }) => {
      const a = parseDate("from", from, now).ms;
      const b = parseDate("to", to, now).ms;
      const days = Math.round((b - a) / DAY_MS);
      const result =
        unit === "days"
          ? days
          : unit === "weeks"
            ? Number((days / 7).toFixed(4))
            : unit === "months"
              ? monthsBetween(a, b)
              : Math.trunc(monthsBetween(a, b) / 12);
      return { from: isoDate(a), to: isoDate(b), unit, result, days };
    },
  });

  const dayOfWeek = defineTool({
    name: "day_of_week",
    description: "Tell the day of the week of a date.",
    input: z.object({ date: z.string().describe(DATE_HELP) }),
    run: ({ date }) => {
      const { ms } = parseDate("date", date, now);
      return { date: isoDate(ms), weekday: weekday(ms) };
    },
  });

  return { dateAdd, dateDiff, dayOfWeek };
}

export const { dateAdd, dateDiff, dayOfWeek } = createDateTools();
