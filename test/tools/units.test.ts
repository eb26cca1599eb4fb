import { describe, expect, it } from "vitest";
import { convert, UNIT_NAMES } from "../../tools/unit-table.ts";
import { convertUnits } from "../../tools/units.ts";

describe("unit conversion", () => {
  it.each([
    [5, "miles", "kilometers", 8.04672, "length"],
    [1, "ft", "in", 12, "length"],
    [1, "kg", "lb", 2.20462262185, "mass"],
    [1, "gallon", "liters", 3.785411784, "volume"],
    [100, "celsius", "fahrenheit", 212, "temperature"],
    [-40, "f", "c", -40, "temperature"],
    [0, "c", "kelvin", 273.15, "temperature"],
    [100, "km/h", "mph", 62.1371192237, "speed"],
    [1, "hectare", "acres", 2.47105381467, "area"],
    [2, "hours", "minutes", 120, "time"],
    [1, "KiB", "B", 1024, "data"],
    [1, "kB", "B", 1000, "data"],
    [1, "GiB", "MB", 1073.741824, "data"],
    [1, "kWh", "kJ", 3600, "energy"],
    [1, "atm", "psi", 14.6959487755, "pressure"],
  ])("%d %s = %d %s (%s)", (value, from, to, result, category) => {
    expect(convert(value, from, to)).toEqual({ result, category });
  });

  it("refuses to convert across categories, naming both", () => {
    expect(() => convert(1, "kg", "m")).toThrow("cannot convert kilograms (mass) to meters (length)");
  });

  it("accepts only known spellings in its input schema", async () => {
    expect(UNIT_NAMES).toContain("kilometers");
    expect(convertUnits.input.safeParse({ value: 1, from: "furlong", to: "m" }).success).toBe(false);
    const ctx = { toolCallId: "t", signal: new AbortController().signal };
    expect(
      await convertUnits.run(convertUnits.input.parse({ value: 5, from: "miles", to: "kilometers" }), ctx),
    ).toEqual({
      value: 5,
      from: "miles",
      to: "kilometers",
      result: 8.04672,
      category: "length",
    });
  });
});
