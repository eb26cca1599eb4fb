/**
 * Summarizes a V8 .cpuprofile: self time grouped by package (node_modules/<pkg>, Glassbox's own folders,
 * node internals) and the top frames. `npx tsx bench/profile/summarize.ts <file.cpuprofile> [top]`.
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file = "", topText = "30"] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

/** Which package a frame belongs to. */
export function packageOf(url: string, functionName: string): string {
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? "?");
  }
  if (url.includes("/src/")) return `glassbox ${url.slice(url.lastIndexOf("/src/") + 1).split("/")[1]}`;
  if (url.includes("/bench/") || url.includes("/tools/") || url.includes("/graphs/"))
    return "glassbox bench/tools";
  if (url.startsWith("node:") || url === "") {
    if (["(garbage collector)", "(program)", "(idle)", "(root)"].includes(functionName)) return functionName;
    return "node internals";
  }
  return url;
}

const groups = new Map<string, number>();
const frames = new Map<string, number>();
let total = 0;
for (const [id, time] of self) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === "(idle)") continue;
  total += time;
  const pkg = packageOf(url, functionName);
  groups.set(pkg, (groups.get(pkg) ?? 0) + time);
  const key = `${functionName || "(anonymous)"} ${url.split("node_modules/").at(-1)}:${lineNumber + 1}`;
  frames.set(key, (frames.get(key) ?? 0) + time);
}
const pct = (time: number) => `${((100 * time) / total).toFixed(1)}%`.padStart(6);
console.log(`total non-idle ${(total / 1000).toFixed(0)} ms`);
console.log("\nself time by package");
for (const [pkg, time] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${pct(time)}  ${pkg}`);
console.log("\ntop frames (self)");
for (const [frame, time] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, Number(topText)))
  console.log(`${pct(time)}  ${frame}`);
