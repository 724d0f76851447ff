// `kb export --out DIR`: the docs files on disk. With one target DIR is a checkout of the upstream
// repository (its SUMMARY.md is updated in place); otherwise each target gets DIR/<target>/.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Database } from "../db/client.js";
import type { DocsSet } from "../domain/export/docs-set.js";
import { DOCS_TARGETS } from "../domain/export/targets.js";
import type { DocsTargetKey } from "../domain/export/types.js";
import { buildAllDocsSets } from "./docs-sets.js";

export interface WrittenExport {
  target: DocsTargetKey;
  root: string;
  written: number;
  unchanged: number;
  removed: string[];
}

function writeSet(root: string, set: DocsSet): WrittenExport {
  let written = 0;
  let unchanged = 0;
  for (const file of set.files) {
    const path = join(root, file.path);
    if (existsSync(path) && readFileSync(path, "utf8") === file.content) {
      unchanged += 1;
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    written += 1;
  }
  // The folder is the export's: pages of renamed or unpublished entries go.
  const keep = new Set(set.files.map((f) => f.path));
  const folder = join(root, set.folderPath);
  const removed = readdirSync(folder)
    .filter((name) => name.endsWith(".md") && !keep.has(`${set.folderPath}/${name}`))
    .sort();
  for (const name of removed) rmSync(join(folder, name));
  return { target: set.target.key, root, written, unchanged, removed };
}

export async function exportToDirectory(
  database: Database,
  options: { dir: string; target?: DocsTargetKey },
): Promise<WrittenExport[]> {
  const rootOf = (key: DocsTargetKey) => (options.target ? options.dir : join(options.dir, key));
  const sets = await buildAllDocsSets(database, (key) => {
    const summary = join(rootOf(key), DOCS_TARGETS[key].docsRoot, "SUMMARY.md");
    return existsSync(summary) ? readFileSync(summary, "utf8") : "";
  });
  return sets
    .filter((s) => !options.target || s.target.key === options.target)
    .map((s) => writeSet(rootOf(s.target.key), s));
}
