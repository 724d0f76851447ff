// The features issues post, gathered per feature: each issue's error-chain features, the features
// its cut lines are prefixes of, and near spellings of one template (near-features.ts).
import { generalize } from "../evidence/features";
import type { IssueEvidence } from "../evidence/issue-evidence";
import { PrefixIndex } from "../evidence/prefix-index";
import { nearFeatures } from "./near-features";

export interface Posting {
  issue: number;
  quality: number;
  /** The feature comes from one of the errors this issue leads with. */
  lead: boolean;
  /** The feature is that whole line here, not just the end of a longer chain. */
  whole: boolean;
}

export interface FeatureStats {
  template: string;
  spec: number;
  general: boolean;
  postings: Posting[];
}

const MIN_PREFIX_SPEC = 2;
const MAX_PREFIX_MATCHES = 4;
const PREFIX_FACTOR = 0.9;
// A line that ends on its separator (`… is invalid:`) was cut before its cause as well: another
// cut line that starts the same way learns nothing from it.
const CLOSED = /:\s*$/;

// Each feature's postings by issue, beside the list: a common feature gets thousands of postings,
// and looking each new one up in the list made collecting them quadratic.
const postingIndex = new WeakMap<FeatureStats, Map<number, Posting>>();

function add(stats: Map<string, FeatureStats>, id: string, f: Omit<FeatureStats, "postings">, p: Posting) {
  let s = stats.get(id);
  if (!s) {
    s = { template: f.template, spec: f.spec, general: f.general, postings: [] };
    stats.set(id, s);
  } else if (variantBefore(f, s)) {
    // Two spellings of one feature (quoted or not): the same one wins whatever order issues come in.
    s.template = f.template;
    s.spec = f.spec;
    s.general = f.general;
  }
  let byIssue = postingIndex.get(s);
  if (!byIssue) {
    byIssue = new Map(s.postings.map((x) => [x.issue, x]));
    postingIndex.set(s, byIssue);
  }
  const prev = byIssue.get(p.issue);
  if (!prev) {
    s.postings.push(p);
    byIssue.set(p.issue, p);
  } else {
    prev.quality = Math.max(prev.quality, p.quality);
    prev.lead ||= p.lead;
    prev.whole ||= p.whole;
  }
}

/** The spelling a feature goes by when its issues show several: not general first, then by template. */
export function variantBefore(
  a: { template: string; general: boolean },
  b: { template: string; general: boolean },
): boolean {
  if (a.general !== b.general) return !a.general;
  return a.template < b.template;
}

// The clause after a cut prefix must be the same in every line it matches; otherwise the cut hid
// what tells those lines apart and the prefix says nothing.
function unambiguous(prefix: string, matches: string[]): boolean {
  const next = new Set(matches.map((t) => t.slice(prefix.length).split(": ")[0]));
  return next.size === 1;
}

// Nor may the cut hide the cause itself: lines that end in different causes (a relay's wrapper cut
// before two CRDs' different field errors) are different errors, whatever they start with.
function oneCause(matches: string[]): boolean {
  return new Set(matches.map(causeOf)).size === 1;
}

// The spelled and the generalized variant of one line end in the same cause.
function causeOf(template: string): string {
  const list = /: \[(.*)\]$/.exec(template);
  const cause = list?.[1] ?? template.slice(template.lastIndexOf(": ") + 1).trim();
  return generalize(cause);
}

/** Feature id → template of every feature some issue posts directly: what cut lines are matched to. */
export interface TemplateIndex {
  index: PrefixIndex;
  idOf: Map<string, string>;
}

export function templateIndex(features: Iterable<[string, { template: string }]>): TemplateIndex {
  const idOf = new Map<string, string>();
  for (const [id, s] of features) idOf.set(s.template, id);
  return { index: new PrefixIndex(idOf.keys()), idOf };
}

// A line cut off at the end of a paste is a prefix of the full line another report shows: either
// its last clause was cut (`ImportError: cannot import na`), or it stops after a whole clause and
// what followed is gone (`… resource lock <*>: Get "https://…`). It carries that line's features.
/** The postings one issue gets from its cut lines: feature id and posting, in the order found. */
export function prefixPostings(ev: IssueEvidence, issue: number, t: TemplateIndex): [string, Posting][] {
  if (!ev.clusterable) return [];
  const out: [string, Posting][] = [];
  const own = new Set(ev.lines.flatMap((l) => l.features.map((f) => f.template)));
  for (const line of ev.lines) {
    if (!line.tail) continue;
    const quality = line.quality * PREFIX_FACTOR;
    for (const prefix of tailPrefixes(line)) {
      const matches = t.index
        .startingWith(prefix.text, MAX_PREFIX_MATCHES + own.size)
        .filter((m) => !own.has(m) && !CLOSED.test(m));
      if (matches.length === 0 || matches.length > MAX_PREFIX_MATCHES) continue;
      if (prefix.whole && !unambiguous(prefix.text, matches)) continue;
      if (!oneCause(matches)) continue;
      for (const m of matches) {
        const id = t.idOf.get(m);
        if (id !== undefined) out.push([id, { issue, quality, lead: line.lead, whole: false }]);
      }
    }
  }
  return out;
}

/** An issue's cut-line postings merged per feature, as `collectFeatures` merges them: best quality, lead if any. */
export function cutPostings(
  ev: IssueEvidence,
  t: TemplateIndex,
): { featureId: string; quality: number; lead: boolean }[] {
  const best = new Map<string, { featureId: string; quality: number; lead: boolean }>();
  for (const [featureId, p] of prefixPostings(ev, 0, t)) {
    const prev = best.get(featureId);
    if (!prev) best.set(featureId, { featureId, quality: p.quality, lead: p.lead });
    else {
      prev.quality = Math.max(prev.quality, p.quality);
      prev.lead ||= p.lead;
    }
  }
  return [...best.values()];
}

/** What a tail line may be the start of: its innermost clauses, and its cut prefixes. */
export function tailPrefixes(line: IssueEvidence["lines"][number]): { text: string; whole: boolean }[] {
  return [
    ...line.features
      .filter((f) => f.spec >= MIN_PREFIX_SPEC && f.depth === 1)
      .map((f) => ({ text: f.template, whole: false })),
    ...line.cutPrefixes.map((text) => ({ text, whole: true })),
  ];
}

function addPrefixMatches(evidence: readonly IssueEvidence[], stats: Map<string, FeatureStats>): void {
  const t = templateIndex(stats);
  evidence.forEach((ev, issue) => {
    for (const [id, p] of prefixPostings(ev, issue, t)) {
      const target = stats.get(id);
      if (target) add(stats, id, target, p);
    }
  });
}

/** Feature → the issues carrying it (best line quality each), over clusterable issues only. */
export function collectFeatures(evidence: readonly IssueEvidence[]): Map<string, FeatureStats> {
  const stats = new Map<string, FeatureStats>();
  evidence.forEach((ev, issue) => {
    if (!ev.clusterable) return;
    for (const line of ev.lines)
      for (const f of line.features)
        add(stats, f.id, f, { issue, quality: line.quality, lead: line.lead, whole: f.whole });
  });
  addPrefixMatches(evidence, stats);
  for (const [id, s] of nearFeatures(stats)) stats.set(id, s);
  return stats;
}
