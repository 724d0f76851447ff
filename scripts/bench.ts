// `npm run bench [-- --only ingest,loghub]`: every benchmark suite; prints one table and writes
// bench-results/latest.json. Suites that read ../shared data say so when it is absent.
// The load suite takes --load-seconds, --load-webhooks, --load-searches (per second),
// --load-issues and --load-idle-seconds, so a short run is possible, and --load-refresh worker,main to
// compare the refresh worker with the refresh on the HTTP thread in one run. corpus-clustering takes
// --cluster-sizes 10k,100k (default 10k). --load-generator-nice N (the webhook sender's nice value during the load, default 10). --load-seed-cache DIR keeps the load suite's seeded database
// there (per size and pipeline version) so a 100k run seeds once. workers takes --sizes, and
// --workers-seed-db FILE (a database built on Node, such as that cache's) for one webhook-delivered
// change and the searches of a restarted isolate at a size the Worker cannot build itself.
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { BenchArgs, BenchResult } from "./bench/types.js";

type Flags = BenchArgs & Record<string, string | undefined>;
type Suite = { name: string; load: () => Promise<{ run: (flags: Flags) => Promise<BenchResult[]> }> };

const SUITES: Suite[] = [
  { name: "ingest", load: () => import("./bench/ingest.js") },
  { name: "loghub", load: () => import("./bench/loghub.js") },
  { name: "catalog", load: () => import("./bench/catalog.js") },
  { name: "cluster-throughput", load: () => import("./bench/cluster-throughput.js") },
  { name: "corpus-clustering", load: () => import("./bench/corpus-clustering.js") },
  { name: "search", load: () => import("./bench/search.js") },
  { name: "real", load: () => import("./bench/real.js") },
  { name: "curation", load: () => import("./bench/curation.js") },
  { name: "redaction", load: () => import("./bench/redaction.js") },
  { name: "load", load: () => import("./bench/load.js") },
  { name: "workers", load: () => import("./bench/workers.js") },
];

function format(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(3);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      out: { type: "string" },
      "load-seconds": { type: "string" },
      "load-webhooks": { type: "string" },
      "load-searches": { type: "string" },
      "load-issues": { type: "string" },
      "load-idle-seconds": { type: "string" },
      "load-refresh": { type: "string" },
      "load-seed-cache": { type: "string" },
      "load-generator-nice": { type: "string" },
      sizes: { type: "string" },
      "cluster-sizes": { type: "string" },
      "workers-seed-db": { type: "string" },
    },
  });
  const only = values.only?.split(",").map((s) => s.trim());
  const unknown = only?.filter((name) => !SUITES.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0)
    throw new Error(
      `unknown suite(s): ${unknown.join(", ")}; known: ${SUITES.map((s) => s.name).join(", ")}`,
    );
  const results: BenchResult[] = [];
  for (const suite of SUITES.filter((s) => !only || only.includes(s.name))) {
    process.stderr.write(`running ${suite.name}…\n`);
    const started = performance.now();
    try {
      const mod = await suite.load();
      results.push(...(await mod.run(values)));
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND") continue;
      results.push({ suite: suite.name, name: "FAILED", value: 0, unit: "", note: message });
    }
    process.stderr.write(`  ${suite.name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const widths = [20, 44, 14, 10];
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" ");
  process.stdout.write(`${row(["suite", "measure", "value", "unit"])} note\n`);
  for (const r of results)
    process.stdout.write(`${row([r.suite, r.name, format(r.value), r.unit])} ${r.note ?? ""}\n`);
  const out = resolve(values.out ?? "bench-results/latest.json");
  mkdirSync(resolve(out, ".."), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ ranAt: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
  );
  process.stdout.write(`\nwritten to ${out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error)?.message ?? error}\n`);
  process.exit(1);
});
