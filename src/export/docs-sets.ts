// Published entries → one DocsSet per upstream docs tree. Shared by `kb export --out`, the PR flow,
// the markdown route and the /export page.
import type { Database } from "../db/client.js";
import { listPublishedEntriesForExport } from "../db/queries/export.js";
import { buildDocsSet, type DocsSet, partitionByTarget } from "../domain/export/docs-set.js";
import { DOCS_TARGETS } from "../domain/export/targets.js";
import { DOCS_TARGET_KEYS, type DocsTargetKey, type ExportEntry } from "../domain/export/types.js";

/** Published entries grouped by the docs they belong to, in the targets' fixed order. */
export async function publishedByTarget(database: Database): Promise<Map<DocsTargetKey, ExportEntry[]>> {
  const entries = await listPublishedEntriesForExport(database.db);
  const byTarget = partitionByTarget(entries);
  return new Map(DOCS_TARGET_KEYS.filter((k) => byTarget.has(k)).map((k) => [k, byTarget.get(k) ?? []]));
}

/** The files for every target with published entries; `summaryOf` supplies each upstream SUMMARY.md. */
export async function buildAllDocsSets(
  database: Database,
  summaryOf: (target: DocsTargetKey) => Promise<string> | string = () => "",
): Promise<DocsSet[]> {
  const sets: DocsSet[] = [];
  for (const [key, entries] of await publishedByTarget(database)) {
    sets.push(buildDocsSet(DOCS_TARGETS[key], entries, await summaryOf(key)));
  }
  return sets;
}
