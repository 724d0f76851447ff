import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { clusterKeys } from "../../src/cli/signature-commands";
import { fillFormat, mulberry32, shuffle, useDigitFreeNames } from "./catalog-values";
import type { BenchResult } from "./types";

const CATALOG = join(import.meta.dirname, "../../../shared/data/seldon-error-catalog.jsonl");
const PER_FORMAT = 20;

interface CatalogEntry {
  message: string;
  placeholder_style: string;
}

interface Instance {
  format: number;
  text: string;
}

function majority(keys: string[]): { key: string; share: number } {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  let best = "";
  let n = 0;
  for (const [k, c] of [...counts].sort()) if (c > n) [best, n] = [k, c];
  return { key: best, share: keys.length ? n / keys.length : 0 };
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(CATALOG)) {
    console.warn(`catalog bench skipped: ${CATALOG} not found (reference data lives in ../shared)`);
    return [];
  }
  const formats = readFileSync(CATALOG, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as CatalogEntry);
  const results = await roundTrip(formats, "");
  useDigitFreeNames(true);
  try {
    results.push(...(await roundTrip(formats, " (digit-free names)")));
  } finally {
    useDigitFreeNames(false);
  }
  return results;
}

async function roundTrip(formats: CatalogEntry[], variant: string): Promise<BenchResult[]> {
  const rand = mulberry32(20240601);
  const instances: Instance[] = formats.flatMap((f, format) =>
    Array.from({ length: PER_FORMAT }, () => ({
      format,
      text: fillFormat(f.message, f.placeholder_style, rand, format),
    })),
  );
  shuffle(instances, rand);
  const keys = await clusterKeys(
    instances.map((i) => i.text),
    { json: false },
  );
  const perFormat = formats.map((_, f) => majority(keys.filter((_, i) => instances[i]?.format === f)));
  return summarize(formats, perFormat).map((r) => ({ ...r, name: `${r.name}${variant}` }));
}

// Two formats may share a key only when their texts coincide once placeholders are filled.
function skeleton(f: CatalogEntry): string {
  return fillFormat(f.message, f.placeholder_style, () => 0, 0, "X").toLowerCase();
}

function summarize(formats: CatalogEntry[], perFormat: { key: string; share: number }[]): BenchResult[] {
  const byKey = new Map<string, number[]>();
  perFormat.forEach((m, f) => {
    byKey.set(m.key, [...(byKey.get(m.key) ?? []), f]);
  });
  const allowed: string[] = [];
  const violations: string[] = [];
  for (const members of byKey.values()) {
    if (members.length < 2) continue;
    const texts = members.map((f) => formats[f]?.message ?? "");
    const same = new Set(members.map((f) => skeleton(formats[f] as CatalogEntry))).size === 1;
    (same ? allowed : violations).push(texts.join(" == "));
  }
  const weak = perFormat
    .map((m, f) => ({ ...m, text: formats[f]?.message ?? "" }))
    .filter((m) => m.share < 0.98);
  const minShare = Math.min(...perFormat.map((m) => m.share));
  const cohesion = perFormat.reduce((sum, m) => sum + m.share, 0) / perFormat.length;
  const suite = "catalog";
  return [
    {
      suite,
      name: "formats",
      value: formats.length,
      unit: "count",
      note: `${PER_FORMAT} instances each, shuffled; wrapped causes, enums and HTTP statuses drawn once per format (kept in signatures by design)`,
    },
    {
      suite,
      name: "formats >= 98% one key",
      value: formats.length - weak.length,
      unit: "count",
      note: weak.map((w) => `${w.share.toFixed(2)} ${w.text}`).join(" | ") || undefined,
    },
    { suite, name: "min share on one key", value: Math.round(minShare * 1000) / 1000, unit: "ratio" },
    {
      suite,
      name: "cohesion (mean share on one key)",
      value: Math.round(cohesion * 1000) / 1000,
      unit: "ratio",
      note: "target ≥ 0.98",
    },
    {
      suite,
      name: "shared keys (identical texts)",
      value: allowed.length,
      unit: "count",
      note: allowed.join(" | ") || undefined,
    },
    {
      suite,
      name: "shared keys (distinct texts)",
      value: violations.length,
      unit: "count",
      note: violations.join(" | ") || undefined,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of await run())
    console.log(`${r.suite}  ${r.name.padEnd(30)} ${String(r.value).padEnd(6)} ${r.note ?? ""}`);
}
