// Plain text from markdown without a parser: search and Slack show it where markup cannot go.

/** The first paragraph of markdown as plain text: what search and Slack show before anything else. */
export function summaryOf(markdown: string, max = 240): string {
  const paragraph =
    markdown
      .replace(/\r\n/g, "\n")
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .find((p) => p !== "" && !p.startsWith("```") && !p.startsWith("~~~")) ?? "";
  const plain = paragraph
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, "")
    .replace(/^#+\s*/gm, "")
    .replace(/^>\s?/gm, "")
    .replace(/[*_`]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}
