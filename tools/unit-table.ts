/** A unit: its category and how to reach the category's base unit (`base = value * factor + offset`). */
export interface Unit {
  canonical: string;
  category:
    | "length"
    | "mass"
    | "volume"
    | "temperature"
    | "speed"
    | "area"
    | "time"
    | "data"
    | "energy"
    | "pressure";
  factor: number;
  offset?: number;
}

type Row = [Unit["category"], string, number, string[], number?];

// [category, canonical, factor to base, spellings, offset]
const ROWS: Row[] = [
  ["length", "meter", 1, ["m", "meter", "meters", "metre", "metres"]],
  ["length", "kilometer", 1000, ["km", "kilometer", "kilometers", "kilometre", "kilometres"]],
  ["length", "centimeter", 0.01, ["cm", "centimeter", "centimeters", "centimetre", "centimetres"]],
  ["length", "millimeter", 0.001, ["mm", "millimeter", "millimeters", "millimetre", "millimetres"]],
  ["length", "mile", 1609.344, ["mi", "mile", "miles"]],
  ["length", "yard", 0.9144, ["yd", "yard", "yards"]],
  ["length", "foot", 0.3048, ["ft", "foot", "feet"]],
  ["length", "inch", 0.0254, ["in", "inch", "inches"]],
  ["length", "nautical mile", 1852, ["nmi", "nautical mile", "nautical miles"]],
  ["mass", "kilogram", 1, ["kg", "kilogram", "kilograms", "kilo", "kilos"]],
  ["mass", "gram", 0.001, ["g", "gram", "grams"]],
  ["mass", "milligram", 1e-6, ["mg", "milligram", "milligrams"]],
  ["mass", "tonne", 1000, ["t", "tonne", "tonnes", "metric ton", "metric tons"]],
  ["mass", "pound", 0.45359237, ["lb", "lbs", "pound", "pounds"]],
  ["mass", "ounce", 0.028349523125, ["oz", "ounce", "ounces"]],
  ["mass", "stone", 6.35029318, ["st", "stone", "stones"]],
  ["volume", "liter", 1, ["l", "liter", "liters", "litre", "litres"]],
  ["volume", "milliliter", 0.001, ["ml", "milliliter", "milliliters", "millilitre", "millilitres"]],
  ["volume", "cubic meter", 1000, ["m3", "cubic meter", "cubic meters"]],
  ["volume", "gallon", 3.785411784, ["gal", "gallon", "gallons"]],
  ["volume", "quart", 0.946352946, ["qt", "quart", "quarts"]],
  ["volume", "pint", 0.473176473, ["pt", "pint", "pints"]],
  ["volume", "cup", 0.2365882365, ["cup", "cups"]],
  ["volume", "fluid ounce", 0.0295735295625, ["fl oz", "fluid ounce", "fluid ounces"]],
  ["temperature", "kelvin", 1, ["k", "kelvin"]],
  ["temperature", "celsius", 1, ["c", "celsius", "°c"], 273.15],
  ["temperature", "fahrenheit", 5 / 9, ["f", "fahrenheit", "°f"], 273.15 - (32 * 5) / 9],
  ["speed", "meter per second", 1, ["m/s", "meters per second"]],
  ["speed", "kilometer per hour", 1000 / 3600, ["km/h", "kph", "kmh", "kilometers per hour"]],
  ["speed", "mile per hour", 1609.344 / 3600, ["mph", "miles per hour"]],
  ["speed", "knot", 1852 / 3600, ["kn", "knot", "knots"]],
  ["area", "square meter", 1, ["m2", "square meter", "square meters"]],
  ["area", "square kilometer", 1e6, ["km2", "square kilometer", "square kilometers"]],
  ["area", "square foot", 0.09290304, ["ft2", "square foot", "square feet"]],
  ["area", "hectare", 10_000, ["ha", "hectare", "hectares"]],
  ["area", "acre", 4046.8564224, ["acre", "acres"]],
  ["time", "second", 1, ["s", "sec", "second", "seconds"]],
  ["time", "minute", 60, ["min", "minute", "minutes"]],
  ["time", "hour", 3600, ["h", "hr", "hour", "hours"]],
  ["time", "day", 86_400, ["d", "day", "days"]],
  ["time", "week", 604_800, ["wk", "week", "weeks"]],
  ["data", "byte", 1, ["B", "byte", "bytes"]],
  ["data", "bit", 0.125, ["bit", "bits"]],
  ["data", "kilobyte", 1e3, ["kB", "KB", "kilobyte", "kilobytes"]],
  ["data", "kibibyte", 1024, ["KiB", "kibibyte", "kibibytes"]],
  ["data", "megabyte", 1e6, ["MB", "megabyte", "megabytes"]],
  ["data", "mebibyte", 1024 ** 2, ["MiB", "mebibyte", "mebibytes"]],
  ["data", "gigabyte", 1e9, ["GB", "gigabyte", "gigabytes"]],
  ["data", "gibibyte", 1024 ** 3, ["GiB", "gibibyte", "gibibytes"]],
  ["data", "terabyte", 1e12, ["TB", "terabyte", "terabytes"]],
  ["data", "tebibyte", 1024 ** 4, ["TiB", "tebibyte", "tebibytes"]],
  ["energy", "joule", 1, ["J", "joule", "joules"]],
  ["energy", "kilojoule", 1000, ["kJ", "kilojoule", "kilojoules"]],
  ["energy", "calorie", 4.184, ["cal", "calorie", "calories"]],
  ["energy", "kilocalorie", 4184, ["kcal", "kilocalorie", "kilocalories"]],
  ["energy", "kilowatt hour", 3.6e6, ["kWh", "kilowatt hour", "kilowatt hours"]],
  ["pressure", "pascal", 1, ["Pa", "pascal", "pascals"]],
  ["pressure", "kilopascal", 1000, ["kPa", "kilopascal", "kilopascals"]],
  ["pressure", "bar", 100_000, ["bar", "bars"]],
  ["pressure", "psi", 6894.757293168, ["psi"]],
  ["pressure", "atmosphere", 101_325, ["atm", "atmosphere", "atmospheres"]],
];

/** Every accepted spelling, mapped to its unit. */
export const UNITS: ReadonlyMap<string, Unit> = new Map(
  ROWS.flatMap(([category, canonical, factor, spellings, offset]) =>
    spellings.map(
      (spelling) =>
        [spelling, { canonical, category, factor, ...(offset === undefined ? {} : { offset }) }] as const,
    ),
  ),
);

/** The spellings a model may use, for the tool's enum. */
export const UNIT_NAMES = [...UNITS.keys()] as [string, ...string[]];

/** Converts between two units of one category; the error names both and their categories. */
export function convert(
  value: number,
  from: string,
  to: string,
): { result: number; category: Unit["category"] } {
  const a = UNITS.get(from);
  const b = UNITS.get(to);
  if (!a) throw new Error(`from: unknown unit "${from}"`);
  if (!b) throw new Error(`to: unknown unit "${to}"`);
  if (a.category !== b.category) {
    throw new Error(`cannot convert ${a.canonical}s (${a.category}) to ${b.canonical}s (${b.category})`);
  }
  const base = value * a.factor + (a.offset ?? 0);
  const result = (base - (b.offset ?? 0)) / b.factor;
  return { result: Number(result.toPrecision(12)), category: a.category };
}
