/**
 * Summarizes a V8 heap snapshot: self size grouped by constructor (node name for objects and closures,
 * type for strings, arrays...), per in-flight run, minus a baseline snapshot taken before the runs
 * started. `npx tsx bench/profile/heap-summary.ts <file.heapsnapshot> <runs> [<baseline>] [top]`.
 */
import { readFileSync } from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const [file = "", runsText = "1", baseFile, topText = "40"] = process.argv.slice(2);

function summarize(path: string) {
  const heap = JSON.parse(readFileSync(path, "utf8")) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const groups = new Map<string, { size: number; count: number }>();
  let total = 0;
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt] ?? 0] ?? "?";
    const name = heap.strings[heap.nodes[i + nameAt] ?? 0] ?? "?";
    const size = heap.nodes[i + sizeAt] ?? 0;
    total += size;
    const key = type === "object" || type === "closure" ? `${type} ${name}` : type;
    const group = groups.get(key) ?? { size: 0, count: 0 };
    group.size += size;
    group.count++;
    groups.set(key, group);
  }
  return { groups, total };
}

const { groups, total: all } = summarize(file);
let total = all;
if (baseFile) {
  const base = summarize(baseFile);
  total -= base.total;
  for (const [key, group] of base.groups) {
    const mine = groups.get(key) ?? { size: 0, count: 0 };
    groups.set(key, { size: mine.size - group.size, count: mine.count - group.count });
  }
}
const runs = Number(runsText);
console.log(
  `total ${(total / 2 ** 20).toFixed(1)} MB; per run (÷${runs}) ${(total / 1024 / runs).toFixed(1)} KB`,
);
for (const [key, { size, count }] of [...groups]
  .sort((a, b) => b[1].size - a[1].size)
  .slice(0, Number(topText)))
  console.log(
    `${(size / 1024 / runs).toFixed(2).padStart(8)} KB/run ${(count / runs).toFixed(1).padStart(7)} /run  ${key}`,
  );
