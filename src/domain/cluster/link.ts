import { generalize } from "../evidence/features";
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

/**
 * The linking code's version: bump it when the same evidence would now link differently (groups,
 * ties or their weights), so the next refresh links the whole corpus once instead of relinking
 * locally next to results the old code stored.
 */
export const LINK_VERSION = "2026-12-02.1";

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
// common once the corpus holds thousands of issues. The count is taken down to a step of a 10%
// ladder starting at `common`: one more report of a common error then moves the weight only when
// its count crosses a step (one report in ~0.1 × df), where the exact count moved it a 0.01 tie
// step every few dozen reports, and each such step rewrote the stored ties of the whole family
// (4,418 issues at 100k) and sent the change past the join relink.
const DF_LADDER = 1.1;

function rarity(df: number, corpus: number, params: LinkParams): number {
  const common = Math.max(params.commonAt, params.commonShare * corpus);
  if (df <= common) return 1;
  const steps = Math.floor(Math.log(df / common) / Math.log(DF_LADDER) + 1e-9);
  return 1 / (1 + steps * Math.log2(DF_LADDER));
}

/**
 * The corpus size rarity is computed against: the clusterable issues, rounded down to a step of a
 * 10% ladder starting at `commonAt / commonShare` (below that size rarity does not depend on the
 * corpus at all, so every smaller corpus counts as that size).
 * A link result then depends on the corpus size only when it crosses a step, so one new issue does
 * not reweigh every feature, and the local relink (src/clustering/local-link.ts) stays exact.
 */
export function rarityCorpus(clusterable: number, params: LinkParams = DEFAULT_LINK_PARAMS): number {
  const floor = params.commonAt / params.commonShare;
  if (clusterable <= floor) return floor;
  return Math.floor(floor * 1.1 ** Math.floor(Math.log(clusterable / floor) / Math.log(1.1) + 1e-9));
}

/** The most a pair of postings of unit quality can weigh through a feature (see `pairWeight`). */
export function maxPairWeight(spec: number, df: number, corpus: number, params: LinkParams): number {
  const base = featureWeight(spec, df, corpus, params);
  const whole = spec >= params.wholeSpec ? (spec >= params.fullSpec ? 1 : rarity(df, corpus, params)) : 0;
  return Math.max(base, whole);
}

// Two issues that lead with the very same whole line (`Model <*> not found`, `upstream request
// timeout`) report the same thing even when the line is short; a shared ending of two different
// chains (`…: connection refused`) is not that.
export function pairWeight(
  s: FeatureStats,
  a: Posting,
  b: Posting,
  corpus: number,
  params: LinkParams = DEFAULT_LINK_PARAMS,
): number {
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

export class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
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

/** A link made: two issues, and the tie it records for both. */
export interface Link {
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
  const clusterable = evidence.filter((ev) => ev.clusterable).length;
  const { groups, ties } = linkFeatures(
    collectFeatures(evidence),
    {
      inside: evidence.length,
      size: evidence.length,
      keyOf: (i) => evidence[i]?.key ?? "",
      clusterable: (i) => evidence[i]?.clusterable === true,
      corpus: rarityCorpus(clusterable, params),
    },
    params,
  );
  return { groups, ties };
}

/**
 * The issues a link run sees. Indexes below `inside` are linked; a local relink also passes the
 * postings of issues outside it (indexes up to `size`), so each feature's df and head are the
 * corpus's: a link that would reach one of those is reported as `escaped`, never made.
 */
export interface LinkUniverse {
  inside: number;
  size: number;
  keyOf(i: number): string;
  clusterable(i: number): boolean;
  corpus: number;
  /**
   * What becomes of a link that reaches an issue outside `inside`: "escape" (the default) makes
   * none and reports `escaped`; "record" makes those with one end inside and lists them in `edges`
   * (the join relink, src/clustering/join-link.ts, whose outside issues keep their clusters).
   */
  outside?: "escape" | "record";
}

/** A feature's leads in the order linking takes them: best quality first, then by issue key. */
export function leadsInOrder(s: FeatureStats, keyOf: (i: number) => string): Posting[] {
  return s.postings
    .filter((p) => p.lead)
    .sort((a, b) => b.quality - a.quality || keyOf(a.issue).localeCompare(keyOf(b.issue)));
}

/** The tie a link through a feature records, its weight to two decimals (see `tieOf`). */
export function tieWeight(weight: number): number {
  return Math.round(weight * 100) / 100;
}

/** The two passes of `linkIssues` over feature postings already collected. */
export function linkFeatures(
  stats: ReadonlyMap<string, FeatureStats>,
  u: LinkUniverse,
  params: LinkParams = DEFAULT_LINK_PARAMS,
): {
  groups: number[][];
  ties: Map<number, Tie[]>;
  escaped: boolean;
  edges: Link[];
  /**
   * "record" only: issues outside that a second-pass link may join to one inside (no first-pass
   * link of theirs among these features, a candidate inside): this run cannot tell whether they are
   * alone after the first pass, so it makes none of their links.
   */
  linkersFromOutside: number[];
} {
  const { corpus, keyOf } = u;
  const uf = new UnionFind(u.size);
  const ties = new Map<number, Tie[]>();
  const edges: Link[] = [];
  const firstPass = new Set<number>();
  let escaped = false;
  const record = (l: Link) => {
    const outA = l.a >= u.inside;
    const outB = l.b >= u.inside;
    if (u.outside === "record") {
      firstPass.add(l.a);
      firstPass.add(l.b);
    }
    if (outA || outB) {
      if (u.outside !== "record") {
        escaped = true;
        return;
      }
      if (outA && outB) return;
    }
    if (u.outside === "record") edges.push(l);
    uf.union(l.a, l.b);
    // Appended in place: a family's head gains one tie per member (copying made it quadratic).
    const push = (i: number, tie: Tie) => {
      if (i >= u.inside) return;
      const list = ties.get(i);
      if (list) list.push(tie);
      else ties.set(i, [tie]);
    };
    push(l.a, { ...l.tie, other: keyOf(l.b) });
    push(l.b, { ...l.tie, other: keyOf(l.a) });
  };
  const features = [...stats].filter(([, s]) => s.postings.length > 1).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const leadsOf = new Map<string, Posting[]>();
  for (const [featureId, s] of features) {
    const { leads, links } = firstPassLinks(featureId, s, keyOf, corpus, params);
    leadsOf.set(featureId, leads);
    for (const l of links) record(l);
  }
  const linkersFromOutside =
    u.outside === "record" ? outsideLinkers(features, leadsOf, u, new Set(firstPass), params) : [];
  for (const l of secondaryLinks(features, leadsOf, u, uf, params)) record(l);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < u.inside; i++) {
    if (!u.clusterable(i)) continue;
    const root = uf.find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  }
  for (const [i, list] of ties) ties.set(i, dedupeTies(list));
  return { groups: [...groups.values()], ties, escaped, edges, linkersFromOutside };
}

/** The first pass through one feature: its head (first lead) tied to every other lead that reaches the threshold. */
export function firstPassLinks(
  featureId: string,
  s: FeatureStats,
  keyOf: (i: number) => string,
  corpus: number,
  params: LinkParams,
): { leads: Posting[]; links: Link[] } {
  const leads = leadsInOrder(s, keyOf);
  const links: Link[] = [];
  const head = leads[0];
  if (!head) return { leads, links };
  for (const m of leads.slice(1)) {
    const weight = pairWeight(s, head, m, corpus, params);
    if (weight >= params.threshold)
      links.push({ a: head.issue, b: m.issue, weight, tie: tieOf(featureId, s, weight) });
  }
  return { leads, links };
}

/**
 * The second-pass link each posting of a feature would make were its issue alone: to the first
 * lead of another issue, when it reaches the threshold (`consider` filters the postings' issues).
 */
export function secondPassCandidates(
  featureId: string,
  s: FeatureStats,
  leads: readonly Posting[],
  corpus: number,
  params: LinkParams,
  consider: (issue: number) => boolean = () => true,
): Link[] {
  const out: Link[] = [];
  for (const p of s.postings) {
    if (!consider(p.issue)) continue;
    const target = leads.find((l) => l.issue !== p.issue);
    if (!target) continue;
    const weight = pairWeight(s, p, target, corpus, params);
    if (weight >= params.threshold)
      out.push({ a: p.issue, b: target.issue, weight, tie: tieOf(featureId, s, weight) });
  }
  return out;
}

// A tie's weight is shown (and stored with the issue) to two decimals. A common feature's weight
// moves by about 1e-4 with each issue that joins it, so at three decimals one new member of a family
// of thousands rewrote every member's stored ties for a change nobody could see.
function tieOf(featureId: string, s: FeatureStats, weight: number): Tie {
  return { featureId, template: s.template, weight: tieWeight(weight), other: "" };
}

// An issue left alone by the first pass joins, through any of its lines, the issue whose lead
// error that line is (best weight first).
function secondaryLinks(
  features: [string, FeatureStats][],
  leadsOf: Map<string, Posting[]>,
  u: LinkUniverse,
  uf: UnionFind,
  params: LinkParams,
): Link[] {
  const { corpus } = u;
  const size = new Map<number, number>();
  for (let i = 0; i < u.inside; i++)
    if (u.clusterable(i)) size.set(uf.find(i), (size.get(uf.find(i)) ?? 0) + 1);
  const best = new Map<number, Link>();
  const alone = (issue: number) => size.get(uf.find(issue)) === 1;
  for (const [featureId, s] of features) {
    for (const l of secondPassCandidates(featureId, s, leadsOf.get(featureId) ?? [], corpus, params, alone)) {
      const prev = best.get(l.a);
      if (!prev || l.weight > prev.weight) best.set(l.a, l);
    }
  }
  return secondPassOrder([...best.values()]);
}

// Postings of issues outside with no first-pass link among these features whose second-pass
// candidate through one of them is an issue inside.
function outsideLinkers(
  features: [string, FeatureStats][],
  leadsOf: Map<string, Posting[]>,
  u: LinkUniverse,
  tied: Set<number>,
  params: LinkParams,
): number[] {
  const out = new Set<number>();
  for (const [featureId, s] of features) {
    const leads = leadsOf.get(featureId) ?? [];
    for (const p of s.postings) {
      if (p.issue < u.inside || tied.has(p.issue) || out.has(p.issue)) continue;
      const target = leads.find((l) => l.issue !== p.issue);
      if (!target || target.issue >= u.inside) continue;
      if (pairWeight(s, p, target, u.corpus, params) >= params.threshold) out.add(p.issue);
    }
  }
  return [...out];
}

/** Second-pass links in the order they are recorded: best weight first, then by issue. */
export function secondPassOrder(links: Link[]): Link[] {
  return links.sort((a, b) => b.weight - a.weight || a.a - b.a);
}

/** An issue's ties as stored: the best per feature (the first seen of equals), the five best. */
export function dedupeTies(list: Tie[]): Tie[] {
  const best = new Map<string, Tie>();
  for (const t of list) {
    const prev = best.get(t.featureId);
    if (!prev || t.weight > prev.weight) best.set(t.featureId, t);
  }
  return [...best.values()]
    .sort((a, b) => b.weight - a.weight || a.featureId.localeCompare(b.featureId))
    .slice(0, 5);
}
