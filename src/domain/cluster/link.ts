import type { IssueEvidence } from "../evidence/issue-evidence";
import { collectFeatures, type FeatureStats, type Posting } from "./feature-stats";
import { DEFAULT_LINK_PARAMS, type LinkParams, pairWeight, rarityCorpus, tieWeight } from "./link-weights";
import { UnionFind } from "./union-find";

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
