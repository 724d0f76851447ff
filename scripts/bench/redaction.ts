// `npm run bench -- --only redaction`: redaction must leave ordinary error text alone. Runs every
// format of ../shared/data/seldon-error-catalog.jsonl filled with realistic values (20 each) and
// every line of the sample corpus through redactSecrets, counts lines it changed, and times it on
// 64 KiB pasted logs.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { redactSecrets } from "../../src/domain/redact.js";
import { fillFormat, mulberry32 } from "./catalog-values.js";
import type { BenchResult } from "./types.js";

const CATALOG = join(import.meta.dirname, "../../../shared/data/seldon-error-catalog.jsonl");
const CORPUS = join(import.meta.dirname, "../../test/fixtures/sample-corpus.json");

function changed(lines: string[]): { count: number; examples: string[] } {
  const examples: string[] = [];
  let count = 0;
  for (const line of lines) {
    if (redactSecrets(line) === line) continue;
    count += 1;
    if (examples.length < 3) examples.push(line.slice(0, 160));
  }
  return { count, examples };
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const corpus = JSON.parse(readFileSync(CORPUS, "utf8")) as {
    issues: { body?: string }[];
    comments: { body?: string }[];
  };
  const corpusLines = [...corpus.issues, ...corpus.comments].flatMap((i) => String(i.body ?? "").split("\n"));
  if (existsSync(CATALOG)) {
    const formats = readFileSync(CATALOG, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { message: string; placeholder_style: string });
    const rand = mulberry32(20240601);
    const lines = formats.flatMap((f, format) =>
      Array.from({ length: 20 }, () => fillFormat(f.message, f.placeholder_style, rand, format)),
    );
    const c = changed(lines);
    results.push({
      suite: "redaction",
      name: "catalog lines changed",
      value: c.count,
      unit: "count",
      note: `of ${lines.length}${c.examples.length ? `: ${c.examples.join(" | ")}` : ""}`,
    });
  } else {
    process.stderr.write(`redaction: ${CATALOG} not found; catalog check skipped\n`);
  }
  const c = changed(corpusLines);
  results.push({
    suite: "redaction",
    name: "sample corpus lines changed",
    value: c.count,
    unit: "count",
    note: `of ${corpusLines.length}${c.examples.length ? `: ${c.examples.join(" | ")}` : ""}`,
  });
  const log = corpusLines.join("\n").slice(0, 64 * 1024);
  const started = performance.now();
  const rounds = 50;
  for (let i = 0; i < rounds; i++) redactSecrets(log);
  results.push({
    suite: "redaction",
    name: "64 KiB log redacted in",
    value: (performance.now() - started) / rounds,
    unit: "ms",
    note: "mean of 50",
  });
  return results;
}
