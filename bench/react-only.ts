/** `npm run bench:react`: only the ReAct loop benchmark (timing, then memory at 1,000 and 10,000 runs). */
import { benchReactLoop } from "./react-loop.ts";

await benchReactLoop();
process.exit(0);
