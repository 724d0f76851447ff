import { parseLine } from "./extract/parse-line";
import { applyMasks } from "./masks";
import type { Normalized } from "./types";

// Accepts a bare message or a whole raw log line: the log header is stripped first so the same
// error logged by zap, logrus or Python normalizes to one template.
export function normalizeMessage(message: string): Normalized {
  const parsed = parseLine(message);
  const { template, masks } = applyMasks(parsed.message);
  return { template: collapseLists(template.replace(/\s+/g, " ").trim()), masks };
}

// A list of masked values ("input-<*>, input-<*>", "blk_<*> blk_<*>") varies in length, not in
// meaning.
function collapseLists(template: string): string {
  return template
    .replace(/(\S*<\*>\S*?)(?:, \1)+(?=[\s.,;:)]|$)/g, "$1")
    .replace(/(?<=^|\s)(\S*<\*>\S*)(?: \1)+(?=\s|$)/g, "$1");
}
