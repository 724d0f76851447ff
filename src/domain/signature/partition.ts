import { isValueLike } from "./tokens";
import { WILDCARD } from "./types";

export interface Row {
  tokens: string[];
  weight: number;
}

export interface Leaf {
  tokens: string[];
  rows: Row[];
}

// One setting for every input. A plain-word column is a variable once most rows carry a value
// seen only once and it has at least MIN_DISTINCT values; otherwise each value is its own event.
const MIN_DISTINCT = 3;
const RARE_COUNT = 2;
const RARE_SHARE = 0.5;

function columnCounts(rows: Row[], col: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const t = r.tokens[col] ?? "";
    counts.set(t, (counts.get(t) ?? 0) + r.weight);
  }
  return counts;
}

function isVariable(counts: Map<string, number>, total: number): boolean {
  if (counts.size < 2) return false;
  let allValues = true;
  let rare = 0;
  for (const [token, n] of counts) {
    if (!isValueLike(token)) allValues = false;
    if (n < RARE_COUNT) rare += n;
  }
  if (allValues) return true;
  return counts.size >= MIN_DISTINCT && rare / total >= RARE_SHARE;
}

function leafOf(rows: Row[], variable: ReadonlySet<number>, width: number): Leaf {
  const first = rows[0]?.tokens ?? [];
  const tokens: string[] = [];
  for (let c = 0; c < width; c++) {
    const t = first[c] ?? "";
    const same = rows.every((r) => r.tokens[c] === t);
    tokens.push(variable.has(c) || !same ? WILDCARD : t);
  }
  return { tokens, rows };
}

// Recursive split on the most constant-looking varying column: order-independent because rows
// are grouped by value, and ties break on column index and token text.
export function partition(rows: Row[], width: number, inherited: ReadonlySet<number> = new Set()): Leaf[] {
  const total = rows.reduce((s, r) => s + r.weight, 0);
  const variable = new Set(inherited);
  let split = -1;
  let splitCounts: Map<string, number> | undefined;
  for (let c = 0; c < width; c++) {
    if (variable.has(c)) continue;
    const counts = columnCounts(rows, c);
    if (counts.size < 2) continue;
    if (isVariable(counts, total)) variable.add(c);
    else if (!splitCounts || counts.size < splitCounts.size) {
      split = c;
      splitCounts = counts;
    }
  }
  if (split < 0) return [leafOf(rows, variable, width)];
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = r.tokens[split] ?? "";
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const keys = [...groups.keys()].sort();
  return keys.flatMap((k) => partition(groups.get(k) ?? [], width, variable));
}
