import { z } from "zod";
import { defineTool } from "../src/tools/index.ts";
import { convert, UNIT_NAMES } from "./unit-table.ts";

/** Unit conversion across ten categories; temperatures convert exactly with their offsets. */
export const convertUnits = defineTool({
  name: "convert_units",
  description:
    "Convert a value between units of length, mass, volume, temperature, speed, area, time, data size, energy and pressure.",
  input: z.object({
    value: z.number().describe("the amount to convert"),
    from: z.enum(UNIT_NAMES).describe("the unit to convert from"),
    to: z.enum(UNIT_NAMES).describe("the unit to convert to"),
  }),
  run: ({ value, from, to }) => ({ value, from, to, ...convert(value, from, to) }),
});
