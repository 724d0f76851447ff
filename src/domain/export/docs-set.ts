// The whole contribution for one upstream docs tree: the landing page, one page per entry, and
// SUMMARY.md with the block inserted. Sorted by path; the same entries give the same bytes.
import { plainText, yamlScalar } from "./markdown-text";
import { assignFileNames, componentLabel } from "./names";
import { renderEntryPage } from "./page";
import { insertSummaryBlock } from "./summary";
import { chooseTarget } from "./targets";
import type { DocsFile, DocsTarget, DocsTargetKey, ExportEntry, PageRef } from "./types";

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const OTHER = "Other";

/** README.md of the troubleshooting folder: every page, grouped by component, relative links. */
export function renderLanding(target: DocsTarget, pages: readonly PageRef[]): string {
  const groups = new Map<string, PageRef[]>();
  for (const page of pages) {
    const labels = [...new Set(page.entry.components.map(componentLabel))];
    for (const label of labels.length > 0 ? labels : [OTHER])
      groups.set(label, [...(groups.get(label) ?? []), page]);
  }
  const names = [...groups.keys()].sort((a, b) => (a === OTHER ? 1 : b === OTHER ? -1 : byText(a, b)));
  const description = `Known ${target.product} errors, grouped by component, each with its cause and resolution.`;
  const blocks = [
    `---\ndescription: ${yamlScalar(description)}\n---`,
    "# Troubleshooting",
    `Each page here starts from an error message that ${target.product} users have reported on GitHub, shows how to recognise it, and explains what causes it and how to resolve it. Search these pages for a distinctive part of your error message.`,
  ];
  if (pages.length === 0) blocks.push("There are no troubleshooting pages yet.");
  for (const name of names) {
    const items = (groups.get(name) ?? []).map((p) => `* [${plainText(p.entry.title)}](${p.fileName})`);
    blocks.push(`## ${plainText(name)}`, items.join("\n"));
  }
  return `${blocks.join("\n\n")}\n`;
}

/** Entries that belong to each target. */
export function partitionByTarget(entries: readonly ExportEntry[]): Map<DocsTargetKey, ExportEntry[]> {
  const out = new Map<DocsTargetKey, ExportEntry[]>();
  for (const entry of entries) {
    const key = chooseTarget(entry);
    out.set(key, [...(out.get(key) ?? []), entry]);
  }
  return out;
}

export interface DocsSet {
  target: DocsTarget;
  pages: PageRef[];
  /** Paths from the repository root, sorted. */
  files: DocsFile[];
  /** Repository path of the folder the export owns, e.g. "docs-gb/troubleshooting". */
  folderPath: string;
}

/**
 * Files for one target. `summary` is the upstream SUMMARY.md to insert into; without it (an
 * offline export) SUMMARY.md holds only what a fresh table of contents needs.
 */
export function buildDocsSet(target: DocsTarget, entries: readonly ExportEntry[], summary = ""): DocsSet {
  const pages = assignFileNames(entries);
  const folderPath = `${target.docsRoot}/${target.folder}`;
  const files: DocsFile[] = [
    { path: `${folderPath}/README.md`, content: renderLanding(target, pages) },
    ...pages.map((p) => ({ path: `${folderPath}/${p.fileName}`, content: renderEntryPage(p.entry, target) })),
    { path: `${target.docsRoot}/SUMMARY.md`, content: insertSummaryBlock(summary, target, pages) },
  ];
  files.sort((a, b) => byText(a.path, b.path));
  return { target, pages, files, folderPath };
}
