import type { Tool } from "../src/tools/index.ts";
import { calculator } from "./calculator.ts";
import { dateAdd, dateDiff, dayOfWeek } from "./dates.ts";
import { convertUnits } from "./units.ts";

export { calculator } from "./calculator.ts";
export { createDateTools, dateAdd, dateDiff, dayOfWeek } from "./dates.ts";
export { convertUnits } from "./units.ts";

/** The tools Glassbox ships: calculator, date arithmetic and unit conversion. */
export const builtinTools: Tool[] = [calculator, dateAdd, dateDiff, dayOfWeek, convertUnits] as Tool[];
