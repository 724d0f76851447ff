// The contributable page of an entry as markdown (GET /api/entries/:id/markdown). The upstream docs
// layout (front matter, GitBook hints, SUMMARY.md) belongs to the export; this is the plain page.
import type { EntryContent } from "./model";

const issueUrl = (key: string) => {
  const m = /^([\w.-]+\/[\w.-]+)#(\d+)$/.exec(key);
  return m ? `https://github.com/${m[1]}/issues/${m[2]}` : null;
};

// Titles and list items come from people: keep them on one line and out of markdown syntax.
const inline = (text: string) =>
  text
    .replace(/\s+/g, " ")
    .replace(/([\\`*_[\]<>#|])/g, "\\$1")
    .trim();

export function entryMarkdown(entry: EntryContent & { state: string }): string {
  const list = (items: string[]) =>
    items.length > 0 ? items.map((i) => `- ${inline(i)}`).join("\n") : "_none recorded_";
  const sources = entry.sourceIssues.map((k) => {
    const url = issueUrl(k);
    return url ? `- [${inline(k)}](${url})` : `- ${inline(k)}`;
  });
  return [
    `# ${inline(entry.title)}`,
    "",
    "## Symptom",
    "",
    entry.symptom.trim() || "_not written yet_",
    "",
    "## Cause",
    "",
    entry.cause.trim() || "_not written yet_",
    "",
    "## Resolution",
    "",
    entry.resolution.trim() || "_not written yet_",
    "",
    "## Affected versions",
    "",
    list(entry.affectedVersions),
    "",
    "## Components",
    "",
    list(entry.components),
    "",
    "## Sources",
    "",
    sources.length > 0 ? sources.join("\n") : "_none_",
    "",
  ].join("\n");
}
