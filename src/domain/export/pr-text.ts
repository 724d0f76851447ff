// Pull request and commit text in upstream's conventional-commit style: `docs(troubleshooting): …`.
import type { DocsSet } from "./docs-set";
import { issueLabel, sortedSources } from "./page";
import type { ExportIssueRef } from "./types";

export interface FileChanges {
  added: string[];
  updated: string[];
  deleted: string[];
}

const isPage = (set: DocsSet) => (path: string) =>
  path.startsWith(`${set.folderPath}/`) && !path.endsWith("/README.md");

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "add 3 and update 1 pages on known Seldon Core 2 errors" (counts pages, not the index files). */
export function describeChanges(set: DocsSet, changes: FileChanges): string {
  const page = isPage(set);
  const added = changes.added.filter(page).length;
  const updated = changes.updated.filter(page).length;
  const deleted = changes.deleted.filter(page).length;
  const parts: string[] = [];
  if (added) parts.push(`add ${added}`);
  if (updated) parts.push(`update ${updated}`);
  if (deleted) parts.push(`remove ${deleted}`);
  if (parts.length === 0) return `update the ${set.target.product} troubleshooting index`;
  const total = added + updated + deleted;
  const verbs = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `${verbs} ${total === 1 ? "page" : "pages"} on known ${set.target.product} errors`;
}

export function pullRequestTitle(set: DocsSet, changesFromBase: FileChanges): string {
  return `docs(troubleshooting): ${describeChanges(set, changesFromBase)}`;
}

/** Same-repo issues as `#N` (GitHub links them), others as `Owner/repo#N`. */
function issueMention(ref: ExportIssueRef, upstream: string): string {
  return ref.repo.toLowerCase() === upstream.toLowerCase() ? `#${ref.number}` : issueLabel(ref);
}

// Titles come from curators; in a PR body a bare title could mention people or close issues.
const bodyText = (s: string) =>
  s
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"))
    .replace(/@/g, "@\u200b");

export function pullRequestBody(set: DocsSet, upstream: string): string {
  const { target } = set;
  const lines = [
    `This pull request adds troubleshooting pages to the ${target.product} docs: one page per known error under \`${set.folderPath}/\`, a landing page that lists them by component, and their entries in \`${target.docsRoot}/SUMMARY.md\`.`,
    "",
    `### Pages (${set.pages.length})`,
    "",
  ];
  for (const { entry, fileName } of set.pages) {
    const sources = sortedSources(entry).map((r) => issueMention(r, upstream));
    const from = sources.length > 0 ? `from ${sources.join(", ")}` : "no source issue recorded";
    lines.push(
      `- \`${fileName}\`: ${bodyText(entry.title)} (${from}; entry \`${entry.id}\` v${entry.version})`,
    );
  }
  lines.push(
    "",
    "### How these pages were produced",
    "",
    "A troubleshooting knowledge base ingests this project's GitHub issues, groups the reports by error signature (the error line with its varying parts masked), and curators write and review one entry per problem from the issues listed above. Each page is generated from a published entry; the same entries always give byte-identical files. When an entry changes, the next export adds one commit to this pull request.",
    "",
  );
  return lines.join("\n");
}

export function commitMessage(set: DocsSet, changes: FileChanges): string {
  const all = [...changes.added, ...changes.updated, ...changes.deleted].sort();
  const files = all.map((p) => `- ${p}`);
  return `docs(troubleshooting): ${describeChanges(set, changes)}\n\n${plural(all.length, "file")} changed:\n${files.join("\n")}\n`;
}
