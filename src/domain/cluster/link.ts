import type { IssueEvidence } from "../evidence/issue-evidence";
import { PrefixIndex } from "../evidence/prefix-index";
import { nearFeatures } from "./near-features";

/** The knobs of issue linking; one setting for every corpus (see DEFAULT_LINK_PARAMS). */
export interface LinkParams {
  /** Two issues are tied when a shared feature's weight × both qualities reaches this. */
  threshold: number;
  /** Specificity at which a feature counts fully on its own. */
  fullSpec: number;
  /** Issues a feature may appear in before its rarity weight starts to fall. */
  commonAt: number;
  commonShare: number;
  /** Specificity a whole line needs to tie two issues that both lead with exactly that line. */
  wholeSpec: number;
}

export const DEFAULT_LINK_PARAMS: LinkParams = {
  threshold: 0.45,
  fullSpec: 4,
  commonAt: 12,
  commonShare: 0.05,
  wholeSpec: 1.4,
};

/** Why an issue sits in its cluster: a feature it shares with another member, and how strongly. */
export interface Tie {
  featureId: string;
  template: string;
  weight: number;
  other: string;
}

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

/** `corpus` is how many issues could carry the feature: rarity is a share of them, not a count. */
export function featureWeight(spec: number, df: number, corpus: number, params: LinkParams): number {
  const specific = Math.min(1, spec / params.fullSpec);
  return specific * rarity(df, corpus, params);
}

// A feature in more than `commonAt` issues, and in more than `commonShare` of the corpus, loses
// weight the more common it is (an IDF). A count alone would call a popular problem's own message
// common once the corpus holds thousands of issues.
function rarity(df: number, corpus: number, params: LinkParams): number {
  const common = Math.max(params.commonAt, params.commonShare * corpus);
  return df <= common ? 1 : 1 / (1 + Math.log2(df / common));
}

// Two issues that lead with the very same whole line (`Model <*> not found`, `upstream request
// timeout`) report the same thing even when the line is short; a shared ending of two different
// chains (`…: connection refused`) is not that.
function pairWeight(s: FeatureStats, a: Posting, b: Posting, corpus: number, params: LinkParams): number {
  const base = featureWeight(s.spec, s.postings.length, corpus, params);
  const whole =
    a.whole && b.whole && s.spec >= params.wholeSpec
      ? s.spec >= params.fullSpec
        ? 1
        : rarity(s.postings.length, corpus, params)
      : 0;
  return Math.max(base, whole) * a.quality * b.quality;
}

const MIN_PREFIX_SPEC = 2;
const MAX_PREFIX_MATCHES = 4;
const PREFIX_FACTOR = 0.9;

// Each feature's postings by issue, beside the list: a common feature gets thousands of postings,
// and looking each new one up in the list made collecting them quadratic.
const postingIndex = new WeakMap<FeatureStats, Map<number, Posting>>();

function add(stats: Map<string, FeatureStats>, id: string, f: Omit<FeatureStats, "postings">, p: Posting) {
  let s = stats.get(id);
  if (!s) {
    s = { ...f, postings: [] };
    stats.set(id, s);
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

// The clause after a cut prefix must be the same in every line it matches; otherwise the cut hid
// what tells those lines apart and the prefix says nothing.
function unambiguous(prefix: string, matches: string[]): boolean {
  const next = new Set(matches.map((t) => t.slice(prefix.length).split(": ")[0]));
  return next.size === 1;
}

// A line cut off at the end of a paste is a prefix of the full line another report shows: either
// its last clause was cut (`ImportError: cannot import na`), or it stops after a whole clause and
// what followed is gone (`… resource lock <*>: Get "https://…`). It carries that line's features.
function addPrefixMatches(evidence: readonly IssueEvidence[], stats: Map<string, FeatureStats>): void {
  const byTemplate = new Map<string, string>();
  for (const [id, s] of stats) byTemplate.set(s.template, id);
  const index = new PrefixIndex(byTemplate.keys());
  evidence.forEach((ev, issue) => {
    if (!ev.clusterable) return;
    for (const line of ev.lines) {
      if (!line.tail) continue;
      const quality = line.quality * PREFIX_FACTOR;
      const prefixes = [
        ...line.features
          .filter((f) => f.spec >= MIN_PREFIX_SPEC && f.depth === 1)
          .map((f) => ({ text: f.template, whole: false })),
        ...line.cutPrefixes.map((text) => ({ text, whole: true })),
      ];
      const own = new Set(ev.lines.flatMap((l) => l.features.map((f) => f.template)));
      for (const prefix of prefixes) {
        const matches = index
          .startingWith(prefix.text, MAX_PREFIX_MATCHES + own.size)
          .filter((t) => !own.has(t));
        if (matches.length === 0 || matches.length > MAX_PREFIX_MATCHES) continue;
        if (prefix.whole && !unambiguous(prefix.text, matches)) continue;
        for (const t of matches) {
          const id = byTemplate.get(t) ?? "";
          const target = stats.get(id);
          if (target) add(stats, id, target, { issue, quality, lead: line.lead, whole: false });
        }
      }
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

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] ?? root;
    while (this.parent[i] !== root) {
      const next = this.parent[i] ?? root;
      this.parent[i] = root;
      i = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

interface Link {
  a: number;
  b: number;
  tie: Tie;
  weight: number;
}

/**
 * Groups issues by the evidence they share, in two passes. First, issues are tied through the
 * errors they lead with: a feature (a suffix of an error chain) in a lead line of both, whose
 * weight (specificity × rarity) times both lines' qualities reaches the threshold. Then an issue
 * still alone joins the issue whose lead error it shows anywhere (the kubelet event first, the
 * executor's log line further down). An error an issue merely mentions never pulls another issue
 * in, so one report showing two problems does not chain their clusters together.
 * Returns the groups (issue indexes) and, per issue, the ties that hold it in its group.
 */
export function linkIssues(
  evidence: readonly IssueEvidence[],
  params: LinkParams = DEFAULT_LINK_PARAMS,
): { groups: number[][]; ties: Map<number, Tie[]> } {
  const stats = collectFeatures(evidence);
  const corpus = evidence.filter((ev) => ev.clusterable).length;
  const uf = new UnionFind(evidence.length);
  const ties = new Map<number, Tie[]>();
  const keyOf = (i: number) => evidence[i]?.key ?? "";
  const record = (l: Link) => {
    uf.union(l.a, l.b);
    // Appended in place: a family's head gains one tie per member (copying made it quadratic).
    const push = (i: number, tie: Tie) => {
      const list = ties.get(i);
      if (list) list.push(tie);
      else ties.set(i, [tie]);
    };
    push(l.a, { ...l.tie, other: keyOf(l.b) });
    push(l.b, { ...l.tie, other: keyOf(l.a) });
  };
  const byQuality = (a: Posting, b: Posting) =>
    b.quality - a.quality || keyOf(a.issue).localeCompare(keyOf(b.issue));
  const features = [...stats].filter(([, s]) => s.postings.length > 1).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const leadsOf = new Map<string, Posting[]>();
  for (const [featureId, s] of features) {
    const leads = s.postings.filter((p) => p.lead).sort(byQuality);
    leadsOf.set(featureId, leads);
    const head = leads[0];
    if (!head) continue;
    for (const m of leads.slice(1)) {
      const weight = pairWeight(s, head, m, corpus, params);
      if (weight >= params.threshold)
        record({ a: head.issue, b: m.issue, weight, tie: tieOf(featureId, s, weight) });
    }
  }
  for (const l of secondaryLinks(features, leadsOf, evidence, uf, corpus, params)) record(l);
  const groups = new Map<number, number[]>();
  evidence.forEach((ev, i) => {
    if (!ev.clusterable) return;
    const root = uf.find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  });
  for (const [i, list] of ties) ties.set(i, dedupeTies(list));
  return { groups: [...groups.values()], ties };
}

function tieOf(featureId: string, s: FeatureStats, weight: number): Tie {
  return { featureId, template: s.template, weight: Math.round(weight * 1000) / 1000, other: "" };
}

// An issue left alone by the first pass joins, through any of its lines, the issue whose lead
// error that line is (best weight first).
function secondaryLinks(
  features: [string, FeatureStats][],
  leadsOf: Map<string, Posting[]>,
  evidence: readonly IssueEvidence[],
  uf: UnionFind,
  corpus: number,
  params: LinkParams,
): Link[] {
  const size = new Map<number, number>();
  evidence.forEach((ev, i) => {
    if (ev.clusterable) size.set(uf.find(i), (size.get(uf.find(i)) ?? 0) + 1);
  });
  const best = new Map<number, Link>();
  for (const [featureId, s] of features) {
    const leads = leadsOf.get(featureId) ?? [];
    for (const p of s.postings) {
      if (size.get(uf.find(p.issue)) !== 1) continue;
      const target = leads.find((l) => l.issue !== p.issue);
      if (!target) continue;
      const weight = pairWeight(s, p, target, corpus, params);
      const prev = best.get(p.issue);
      if (weight >= params.threshold && (!prev || weight > prev.weight))
        best.set(p.issue, { a: p.issue, b: target.issue, weight, tie: tieOf(featureId, s, weight) });
    }
  }
  return [...best.values()].sort((a, b) => b.weight - a.weight || a.a - b.a);
}

function dedupeTies(list: Tie[]): Tie[] {
  const best = new Map<string, Tie>();
  for (const t of list) {
    const prev = best.get(t.featureId);
    if (!prev || t.weight > prev.weight) best.set(t.featureId, t);
  }
  return [...best.values()]
    .sort((a, b) => b.weight - a.weight || a.featureId.localeCompare(b.featureId))
    .slice(0, 5);
}
