import { parseLine } from "./extract/parse-line";
import { applyMasks } from "./masks";
import type { Normalized } from "./types";

// Accepts a bare message or a whole raw log line: the log header is stripped first so the same
// error logged by zap, logrus or Python normalizes to one template.
export function normalizeMessage(message: string): Normalized {
  const parsed = parseLine(message);
  const { template, masks } = applyMasks(parsed.message);
  return { template: collapseRepeat(collapseLists(template.replace(/\s+/g, " ").trim())), masks };
}

// A message printed twice on one line (a retry loop's output run together, `…before
// headersupstream connect error…`, or `X; X`) is that message once. Linear: only the halves (or
// equal parts) of the line are compared.
const MIN_REPEATED = 12;

function collapseRepeat(template: string): string {
  const n = template.length;
  for (let parts = 2; parts <= 4; parts++) {
    if (n % parts !== 0 || n / parts < MIN_REPEATED) continue;
    const unit = template.slice(0, n / parts);
    if (unit.repeat(parts) === template) return unit.trim();
  }
  for (let gap = 1; gap <= 3; gap++) {
    if ((n - gap) % 2 !== 0) continue;
    const size = (n - gap) / 2;
    if (size < MIN_REPEATED) continue;
    const unit = template.slice(0, size);
    if (/^[\s;,|]+$/.test(template.slice(size, size + gap)) && template.slice(size + gap) === unit)
      return unit.trim();
  }
  return template;
}

// A list of masked values ("input-<*>, input-<*>", "blk_<*> blk_<*>") varies in length, not in
// meaning.
function collapseLists(template: string): string {
  return template
    .replace(/(\S*<\*>\S*?)(?:, \1)+(?=[\s.,;:)]|$)/g, "$1")
    .replace(/(?<=^|\s)(\S*<\*>\S*)(?: \1)+(?=\s|$)/g, "$1");
}
