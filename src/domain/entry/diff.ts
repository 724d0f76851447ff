// What changed between two versions of an entry: a line diff per text field, added and removed
// items per list field. Small inputs (an entry is a page), so a plain LCS table is enough.
import { type EntryContent, type EntryField, LIST_FIELDS, TEXT_FIELDS } from "./model";

export interface DiffLine {
  op: "same" | "add" | "del";
  text: string;
}

export interface FieldDiff {
  field: EntryField;
  lines: DiffLine[];
}

const MAX_LINES = 2000;

export function diffLines(before: string[], after: string[]): DiffLine[] {
  const a = before.slice(0, MAX_LINES);
  const b = after.slice(0, MAX_LINES);
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i]!;
    const below = lcs[i + 1]!;
    for (let j = m - 1; j >= 0; j--)
      row[j] = a[i] === b[j] ? below[j + 1]! + 1 : Math.max(below[j]!, row[j + 1]!);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: "same", text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: "del", text: a[i++]! });
    else out.push({ op: "add", text: b[j++]! });
  }
  while (i < n) out.push({ op: "del", text: a[i++]! });
  while (j < m) out.push({ op: "add", text: b[j++]! });
  return out;
}

/** Only the fields that changed, in the order an entry page shows them. */
export function diffEntries(before: EntryContent, after: EntryContent): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const field of TEXT_FIELDS) {
    if (before[field] === after[field]) continue;
    out.push({ field, lines: diffLines(before[field].split("\n"), after[field].split("\n")) });
  }
  for (const field of LIST_FIELDS) {
    const was = new Set(before[field]);
    const now = new Set(after[field]);
    const lines: DiffLine[] = [
      ...before[field].filter((x) => !now.has(x)).map((text) => ({ op: "del" as const, text })),
      ...after[field].filter((x) => !was.has(x)).map((text) => ({ op: "add" as const, text })),
    ];
    if (lines.length > 0) out.push({ field, lines });
  }
  return out;
}
