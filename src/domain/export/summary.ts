// SUMMARY.md is GitBook's navigation: `## Group` headings over nested `*` bullets. The export owns
// one block (the troubleshooting landing page and its pages) and puts it in the right group; when
// the block is already there it is replaced in place, so a rerun changes nothing.
import { plainText } from "./markdown-text";
import type { DocsTarget, PageRef } from "./types";

const indentOf = (line: string) => /^ */.exec(line)?.[0].length ?? 0;
const linksTo = (line: string, target: string) => line.includes(`](${target})`);
const isItem = (line: string) => /^ *[*-] \[/.test(line);

/** The block's lines at the given indentation: the landing page, then one nested line per page. */
export function summaryBlock(target: DocsTarget, pages: readonly PageRef[], indent = 0): string[] {
  const pad = " ".repeat(indent);
  return [
    `${pad}* [Troubleshooting](${target.folder}/README.md)`,
    ...pages.map((p) => `${pad}  * [${plainText(p.entry.title)}](${target.folder}/${p.fileName})`),
  ];
}

/** [start, end) of an item and its more-indented children. */
function itemSpan(lines: readonly string[], start: number): [number, number] {
  const base = indentOf(lines[start] ?? "");
  let end = start + 1;
  while (end < lines.length && (lines[end] ?? "").trim() !== "" && indentOf(lines[end] ?? "") > base) end++;
  return [start, end];
}

/** [start, end) of a `## Group`'s lines, or of the whole file for flat navigation. */
function groupSpan(lines: readonly string[], group: string | null): [number, number] | null {
  if (group === null) return [0, lines.length];
  const start = lines.findIndex((l) => l.trim() === group);
  if (start < 0) return null;
  const next = lines.findIndex((l, i) => i > start && /^#{1,2} /.test(l));
  return [start + 1, next < 0 ? lines.length : next];
}

function insertionPoint(lines: readonly string[], target: DocsTarget): number | null {
  const span = groupSpan(lines, target.summary.group);
  if (!span) return null;
  const [from, to] = span;
  const topLevel = (i: number) => isItem(lines[i] ?? "") && indentOf(lines[i] ?? "") === 0;
  for (let i = from; i < to; i++) {
    const line = lines[i] ?? "";
    if (topLevel(i) && target.summary.afterLink && linksTo(line, target.summary.afterLink))
      return itemSpan(lines, i)[1];
    if (topLevel(i) && target.summary.beforeLink && linksTo(line, target.summary.beforeLink)) return i;
  }
  let last = to;
  while (last > from && (lines[last - 1] ?? "").trim() === "") last--;
  return last;
}

/**
 * SUMMARY.md with the troubleshooting block in place. An existing block (found by its landing page
 * link) is replaced where it stands; otherwise it goes into the target's group (created at the end
 * when the group is missing). Applying it twice gives the same text.
 */
export function insertSummaryBlock(summary: string, target: DocsTarget, pages: readonly PageRef[]): string {
  const lines = summary.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
  const landing = `${target.folder}/README.md`;
  const existing = lines.findIndex((l) => isItem(l) && linksTo(l, landing));
  if (existing >= 0) {
    const [start, end] = itemSpan(lines, existing);
    lines.splice(start, end - start, ...summaryBlock(target, pages, indentOf(lines[existing] ?? "")));
    return `${lines.join("\n")}\n`;
  }
  const at = insertionPoint(lines, target);
  if (at === null) {
    const trimmed = summary.trim() === "" ? ["# Table of contents"] : lines;
    const heading = target.summary.group ?? "## Troubleshooting";
    return `${[...trimmed, "", heading, "", ...summaryBlock(target, pages)].join("\n")}\n`;
  }
  lines.splice(at, 0, ...summaryBlock(target, pages));
  return `${lines.join("\n")}\n`;
}
