// One published entry as an upstream GitBook page: front matter with one `description:` sentence,
// one H1, then Symptoms, Cause, Resolution, Affected versions and References.
import { codeBlock, plainText, safeMarkdown, yamlScalar } from "./markdown-text";
import { componentLabel, sortVersions } from "./names";
import type { DocsTarget, ExportEntry, ExportIssueRef } from "./types";

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** GitBook shows the description under the title; it is text, so angle brackets become look-alikes. */
export function pageDescription(entry: ExportEntry, target: DocsTarget): string {
  const title = entry.title
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.!?]+$/, "");
  const safe = title.replace(/</g, "‹").replace(/>/g, "›");
  return `What causes the ${target.product} error "${safe}" and how to resolve it.`;
}

export function frontMatter(description: string): string {
  return `---\ndescription: ${yamlScalar(description)}\n---`;
}

function hint(style: "info" | "warning", text: string): string {
  return `{% hint style="${style}" %}\n${text}\n{% endhint %}`;
}

function symptoms(entry: ExportEntry): string[] {
  const out = ["## Symptoms"];
  if (entry.symptom.trim()) out.push(safeMarkdown(entry.symptom));
  const signatures = entry.signatures.filter((s) => s.template.trim());
  if (signatures.length > 0) {
    const first = signatures[0];
    out.push("The error looks like this:", codeBlock(first?.sample ?? first?.template ?? ""));
    out.push(
      signatures.length === 1 ? "Its signature:" : "Its signatures, any of which identifies it:",
      codeBlock(signatures.map((s) => s.template).join("\n")),
      hint(
        "info",
        "**Note**: In a signature, `<*>` stands for the parts that differ from one report to another, such as model names, addresses and numbers.",
      ),
    );
  }
  const components = [...new Set(entry.components.map(componentLabel))].sort(byText);
  if (components.length > 0) out.push(`It shows up in: ${components.map(plainText).join(", ")}.`);
  return out;
}

function section(title: string, text: string, missing: string): string[] {
  return [`## ${title}`, text.trim() ? safeMarkdown(text) : missing];
}

function affectedVersions(entry: ExportEntry): string[] {
  const versions = sortVersions(entry.affectedVersions);
  if (versions.length === 0) return ["## Affected versions", "No affected versions have been recorded."];
  return ["## Affected versions", versions.map((v) => `* ${plainText(v)}`).join("\n")];
}

export function issueLabel(ref: ExportIssueRef): string {
  return `${ref.repo}#${ref.number}`;
}

/** Source issues, sorted; only GitHub web URLs become links. */
export function sortedSources(entry: ExportEntry): ExportIssueRef[] {
  return [...entry.sources].sort(
    (a, b) => byText(a.repo.toLowerCase(), b.repo.toLowerCase()) || a.number - b.number,
  );
}

function references(entry: ExportEntry): string[] {
  const sources = sortedSources(entry);
  if (sources.length === 0) return [];
  const items = sources.map((ref) => {
    const text = plainText(ref.title ? `${issueLabel(ref)}: ${ref.title}` : issueLabel(ref));
    const url = /^https:\/\/github\.com\/[^\s()<>]+$/.test(ref.url)
      ? ref.url
      : `https://github.com/${ref.repo}/issues/${ref.number}`;
    return `* [${text}](${url})`;
  });
  return ["## References", "These GitHub issues report this error:", items.join("\n")];
}

/** The page text: LF line ends, one final newline, nothing that depends on when it was made. */
export function renderEntryPage(entry: ExportEntry, target: DocsTarget): string {
  const blocks = [
    frontMatter(pageDescription(entry, target)),
    `# ${plainText(entry.title)}`,
    ...symptoms(entry),
    ...section("Cause", entry.cause, "The cause has not been written up yet."),
    ...section("Resolution", entry.resolution, "No resolution has been written up yet."),
    ...affectedVersions(entry),
    ...references(entry),
  ];
  return `${blocks.join("\n\n")}\n`;
}
