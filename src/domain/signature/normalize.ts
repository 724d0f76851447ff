import { parseLine } from "./extract/parse-line";
import { applyMasks } from "./masks";
import type { Normalized } from "./types";

// Accepts a bare message or a whole raw log line: the log header is stripped first so the same
// error logged by zap, logrus or Python normalizes to one template.
export function normalizeMessage(message: string): Normalized {
  const parsed = parseLine(message);
  const { template, masks } = applyMasks(collapseNested(parsed.message.replace(/\s+/g, " ").trim()));
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

// An error formatted with another copy of its own message as the name (`Model Model m with
// version 2 not found not found`: a not-found error re-raised through the same format) is that
// message once. The first words and the last words must both repeat.
function collapseNested(template: string): string {
  const words = template.split(" ");
  const bare = words.map((w) => w.replace(/["'.,;:]+$/, ""));
  const same = (a: number, b: number, n: number) => {
    for (let i = 0; i < n; i++) if (bare[a + i] !== bare[b + i]) return false;
    return true;
  };
  for (let head = 1; head <= 3; head++) {
    if (!same(0, head, head)) continue;
    for (let tail = 1; tail <= 3; tail++) {
      const end = words.length - tail;
      if (end - tail < 2 * head + 1 || !same(end - tail, end, tail)) continue;
      return [...words.slice(head, end - tail), ...words.slice(end)].join(" ");
    }
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
