import { isValueLike, pinnedColumns } from "./tokens";
import { WILDCARD } from "./types";

export interface Row {
  tokens: string[];
  weight: number;
  pinned?: boolean[];
}

export interface Leaf {
  tokens: string[];
  rows: Row[];
}

// One setting for every input. A plain-word column becomes a variable only with frequency
// evidence: at least MIN_DISTINCT values, and most rows carry a value seen once or values repeat
// fewer than MEAN_REPEAT times on average. Otherwise each value is its own event.
const MIN_DISTINCT = 3;
const RARE_COUNT = 2;
const RARE_SHARE = 0.5;
const MEAN_REPEAT = 4;

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
  return counts.size >= MIN_DISTINCT && (rare / total >= RARE_SHARE || total / counts.size < MEAN_REPEAT);
}

function leafOf(rows: Row[], variable: ReadonlySet<number>, width: number): Leaf {
  const first = rows[0]?.tokens ?? [];
  const tokens: string[] = [];
  for (let c = 0; c < width; c++) tokens.push(variable.has(c) ? WILDCARD : (first[c] ?? ""));
  return { tokens, rows };
}

function groupBy(rows: Row[], keyOf: (r: Row) => string): Row[][] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.keys()].sort().map((k) => groups.get(k) ?? []);
}

// Split on the most constant-looking varying column; variables are only decided where nothing is
// left to split, so a column is never wildcarded while rows of different events share the group.
function split(rows: Row[], width: number): Leaf[] {
  const total = rows.reduce((s, r) => s + r.weight, 0);
  const variable = new Set<number>();
  let best = -1;
  let bestSize = Number.POSITIVE_INFINITY;
  for (let c = 0; c < width; c++) {
    const counts = columnCounts(rows, c);
    if (counts.size < 2) continue;
    if (!rows.some((r) => r.pinned?.[c]) && isVariable(counts, total)) variable.add(c);
    else if (counts.size < bestSize) {
      best = c;
      bestSize = counts.size;
    }
  }
  if (best < 0) return variable.size === width ? byPrefix(rows, width) : [leafOf(rows, variable, width)];
  return groupBy(rows, (r) => r.tokens[best] ?? "").flatMap((g) => split(g, width));
}

// A template of nothing but wildcards would swallow every line of that width (one-token lines
// such as `setLightsOn(true)` and `cancelNotification,index:3`), so such rows are told apart by
// the identifier each token starts with: `setLightsOn<*>`.
function byPrefix(rows: Row[], width: number): Leaf[] {
  const prefix = (t: string) => /^[A-Za-z_]*/.exec(t)?.[0] ?? "";
  const groups = groupBy(rows, (r) => r.tokens.map(prefix).join(" "));
  return groups.map((g) => {
    const first = g[0]?.tokens ?? [];
    const tokens: string[] = [];
    for (let c = 0; c < width; c++) {
      const t = first[c] ?? "";
      tokens.push(g.every((r) => r.tokens[c] === t) ? t : `${prefix(t)}${WILDCARD}`);
    }
    return { tokens, rows: g };
  });
}

// Brain-style initial grouping: a row's anchor is its largest set of plain tokens that share one
// corpus frequency (ties go to the more frequent set); rows with the same anchor start together.
function anchorKey(row: Row, freq: Map<string, number>): string {
  const classes = new Map<number, string[]>();
  row.tokens.forEach((t, c) => {
    if (t.includes(WILDCARD)) return;
    const f = freq.get(`${c}\u0000${t}`) ?? 0;
    const cls = classes.get(f);
    if (cls) cls.push(`${c}\u0000${t}`);
    else classes.set(f, [`${c}\u0000${t}`]);
  });
  let key = "";
  let bestLen = 0;
  let bestFreq = -1;
  for (const [f, cols] of classes) {
    if (cols.length > bestLen || (cols.length === bestLen && f > bestFreq)) {
      key = cols.join("\u0001");
      bestLen = cols.length;
      bestFreq = f;
    }
  }
  return key;
}

export function partition(rows: Row[], width: number): Leaf[] {
  const freq = new Map<string, number>();
  for (const r of rows) {
    r.pinned = pinnedColumns(r.tokens);
    r.tokens.forEach((t, c) => {
      const k = `${c}\u0000${t}`;
      freq.set(k, (freq.get(k) ?? 0) + r.weight);
    });
  }
  return groupBy(rows, (r) => anchorKey(r, freq)).flatMap((g) => split(g, width));
}
