// What the join relink (join-link.ts) compares: one feature's links as they were and as they are,
// from postings where an issue is named by its id.
import type { FeatureStats, Posting } from "../domain/cluster/feature-stats.js";
import { leadsInOrder } from "../domain/cluster/link.js";
import { type LinkParams, pairWeight, tieWeight } from "../domain/cluster/link-weights.js";
import { mergePostings, type PostingRow, type Spelling } from "./affected-set.js";

export type Postings = Map<string, Map<number, PostingRow>>;

export function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** The changed features' postings before the changes: today's, the changed issues' rows swapped for their old ones. */
export function previousPostings(
  now: Postings,
  dirtyIds: string[],
  changed: Set<number>,
  old: { featureId: string; issueId: number; quality: number; lead: boolean; whole: boolean }[],
  keys: Map<number, string>,
): Postings {
  const out: Postings = new Map();
  for (const f of dirtyIds) {
    const m = new Map<number, PostingRow>();
    for (const [i, p] of now.get(f) ?? []) if (!changed.has(i)) m.set(i, p);
    out.set(f, m);
  }
  const olds = mergePostings(
    old
      .filter((r) => out.has(r.featureId))
      .map((r) => {
        const key = keys.get(r.issueId) ?? "";
        const at = key.lastIndexOf("#");
        return { ...r, repo: key.slice(0, at), number: Number(key.slice(at + 1)) };
      }),
  );
  for (const [f, m] of olds) {
    const target = out.get(f);
    if (target) for (const [i, p] of m) target.set(i, p);
  }
  return out;
}

/** One feature's postings as linking reads them (issue = the issue's id), or none when not present. */
export function featureStats(
  postings: Map<number, PostingRow> | undefined,
  spelling: Spelling | undefined,
): FeatureStats | undefined {
  if (!spelling || !postings || postings.size === 0) return undefined;
  const list: Posting[] = [...postings.values()].map((p) => ({
    issue: p.issueId,
    quality: p.quality,
    lead: p.lead,
    whole: p.whole,
  }));
  return { template: spelling.template, spec: spelling.spec, general: spelling.general, postings: list };
}

/**
 * The issues whose links through one feature differ between two versions of it: a first-pass link
 * made or lost, or a tie recorded with another weight (both ends), and a second-pass candidate
 * changed for an issue not tied through it both times (only a lone issue makes one).
 */
export function movedIssues(
  before: FeatureStats | undefined,
  after: FeatureStats | undefined,
  keyOf: (issue: number) => string,
  corpus: number,
  params: LinkParams,
): Set<number> {
  const x = featureLinks(before, keyOf, corpus, params);
  const y = featureLinks(after, keyOf, corpus, params);
  const out = new Set<number>();
  for (const [pair, w] of x.links) if (y.links.get(pair) !== w) for (const i of pair.split("|")) out.add(+i);
  for (const [pair, w] of y.links) if (x.links.get(pair) !== w) for (const i of pair.split("|")) out.add(+i);
  for (const i of new Set([...x.candidates.keys(), ...y.candidates.keys()])) {
    if (x.candidates.get(i) === y.candidates.get(i)) continue;
    if (x.tied.has(i) && y.tied.has(i)) continue;
    out.add(i);
  }
  return out;
}

/** A feature's first-pass links (head|member → tie weight) and each posting's second-pass candidate. */
function featureLinks(
  s: FeatureStats | undefined,
  keyOf: (issue: number) => string,
  corpus: number,
  params: LinkParams,
) {
  const links = new Map<string, number>();
  const candidates = new Map<number, string>();
  const tied = new Set<number>();
  if (!s || s.postings.length < 2) return { links, candidates, tied };
  const leads = leadsInOrder(s, keyOf);
  const head = leads[0];
  if (head) {
    for (const m of leads.slice(1)) {
      const w = pairWeight(s, head, m, corpus, params);
      if (w < params.threshold) continue;
      links.set(`${head.issue}|${m.issue}`, tieWeight(w));
      tied.add(head.issue);
      tied.add(m.issue);
    }
  }
  const second = leads[1];
  for (const p of s.postings) {
    const target = p.issue === head?.issue ? second : head;
    if (!target) continue;
    const w = pairWeight(s, p, target, corpus, params);
    if (w >= params.threshold) candidates.set(p.issue, `${target.issue}|${w}`);
  }
  return { links, candidates, tied };
}
