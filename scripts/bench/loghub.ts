import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { clusterKeys } from "../../src/cli/signature-commands";
import { scoreGrouping } from "../../src/domain/cluster/metrics";
import type { BenchResult } from "./types";

const DATA_DIR = join(import.meta.dirname, "../../../shared/data/loghub");

interface LabelledLine {
  content: string;
  template: string;
}

function readSystem(file: string): LabelledLine[] {
  return readFileSync(join(DATA_DIR, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as LabelledLine);
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(DATA_DIR)) {
    console.warn(`loghub bench skipped: ${DATA_DIR} not found (reference data lives in ../shared)`);
    return [];
  }
  const files = readdirSync(DATA_DIR)
    .filter((f) => f.endsWith(".jsonl"))
    .sort();
  const results: BenchResult[] = [];
  let sumGa = 0;
  let sumF1 = 0;
  for (const file of files) {
    const system = file.replace(/\.jsonl$/, "");
    const rows = readSystem(file);
    const keys = await clusterKeys(
      rows.map((r) => r.content),
      { json: false },
    );
    const score = scoreGrouping(
      keys,
      rows.map((r) => r.template),
    );
    sumGa += score.accuracy;
    sumF1 += score.groupF1;
    const note = `${score.predictedGroups} keys for ${score.labelGroups} labelled templates, ${rows.length} lines`;
    results.push({
      suite: "loghub",
      name: `${system} GA`,
      value: round(score.accuracy),
      unit: "ratio",
      note,
    });
    results.push({ suite: "loghub", name: `${system} group-F1`, value: round(score.groupF1), unit: "ratio" });
  }
  const n = files.length || 1;
  results.push({
    suite: "loghub",
    name: "mean GA",
    value: round(sumGa / n),
    unit: "ratio",
    note: "target >= 0.90",
  });
  results.push({
    suite: "loghub",
    name: "mean group-F1",
    value: round(sumF1 / n),
    unit: "ratio",
    note: "target >= 0.80",
  });
  return results;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of await run())
    console.log(`${r.suite}  ${r.name.padEnd(22)} ${String(r.value).padEnd(6)} ${r.note ?? ""}`);
}
