// Step 2 of the join relink (join-link.ts): the issues whose links may have moved (A) linked twice,
// over every feature they post and those features' near partners, from the postings as they are and
// as they were; links to issues outside A are recorded, not refused.
import type { Database } from "../db/client.js";
import { loadPostingsOfIssues } from "../db/queries/link-inputs.js";
import { type Link, linkFeatures } from "../domain/cluster/link.js";
import type { LinkParams } from "../domain/cluster/link-weights.js";
import type { NearIndex, NearPairs } from "../domain/cluster/near-features.js";
import type { Spelling } from "./affected-set.js";
import type { Postings } from "./join-facts.js";
import { localStats } from "./local-stats.js";

/** What both links of A read: the join's postings, spellings and near pairs, now and before. */
export interface BothWays {
  /** Every feature whose postings changed. */
  changedFeatures: string[];
  /** Reads these features' postings as they are into `now` (those not read yet). */
  load(features: string[]): Promise<void>;
  /** A feature's near partners, as they are or were. */
  partners(feature: string): string[];
  now: Postings;
  /** The changed features' postings as they were (`previousPostings`). */
  before: Postings;
  keyOf(issueId: number): string;
  present: Map<string, Spelling>;
  near: NearIndex;
  presentBefore: Map<string, Spelling>;
  nearBefore: NearPairs;
  /** The changed issues' clusterable flags (any other issue is). */
  clusterable: Map<number, boolean>;
  corpus: number;
  params: LinkParams;
}

/**
 * A linked now and before. `movedOutside()` lists the outside issues whose links to A differ
 * between the two (or that may make a second-pass link into A): they join A for the next round.
 */
export async function linkBothWays(database: Database, w: BothWays, A: Set<number>) {
  const features = new Set(w.changedFeatures);
  for (const r of await loadPostingsOfIssues(database.db, [...A], database.limits)) features.add(r.featureId);
  await w.load([...features]);
  await w.load([...features].flatMap(w.partners));
  const beforeAll: Postings = new Map(w.now);
  for (const [f, m] of w.before) beforeAll.set(f, m);
  const inside = [...A].sort((a, b) => w.keyOf(a).localeCompare(w.keyOf(b)));
  const at = new Map(inside.map((id, i) => [id, i]));
  const idAt: number[] = [...inside];
  const indexOf = (issueId: number) => {
    let i = at.get(issueId);
    if (i === undefined) {
      i = idAt.length;
      at.set(issueId, i);
      idAt.push(issueId);
    }
    return i;
  };
  const inA = (id: number) => A.has(id);
  const statsNow = localStats({ S: A, postings: w.now }, w.present, w.near, indexOf, inA);
  const statsBefore = localStats({ S: A, postings: beforeAll }, w.presentBefore, w.nearBefore, indexOf, inA);
  const universe = {
    inside: inside.length,
    size: idAt.length,
    keyOf: (i: number) => w.keyOf(idAt[i] ?? -1),
    clusterable: (i: number) => w.clusterable.get(idAt[i] ?? -1) ?? true,
    corpus: w.corpus,
    outside: "record" as const,
  };
  const linkedNow = linkFeatures(statsNow, universe, w.params);
  const linkedBefore = linkFeatures(statsBefore, universe, w.params);
  const pairKey = (l: Link) => {
    const x = idAt[l.a] ?? -1;
    const y = idAt[l.b] ?? -1;
    return x < y ? `${x}|${y}` : `${y}|${x}`;
  };
  const tieKey = (l: Link) => `${pairKey(l)}|${l.tie.featureId}|${l.tie.weight}`;
  const outsideLinks = (links: Link[]) => links.filter((l) => l.a >= inside.length || l.b >= inside.length);
  const movedOutside = () => {
    // Outside issues that may make a second-pass link to one inside: relinked with A.
    const linkers = [...linkedNow.linkersFromOutside, ...linkedBefore.linkersFromOutside];
    const nowLinks = outsideLinks(linkedNow.edges);
    const wasLinks = outsideLinks(linkedBefore.edges);
    const now = new Set(nowLinks.map(tieKey));
    const was = new Set(wasLinks.map(tieKey));
    const out = new Set<number>(linkers.map((i) => idAt[i] ?? -1));
    for (const [list, other] of [
      [nowLinks, was],
      [wasLinks, now],
    ] as const)
      for (const l of list) if (!other.has(tieKey(l))) out.add(idAt[l.a >= inside.length ? l.a : l.b] ?? -1);
    return [...out];
  };
  return {
    linkedNow,
    linkedBefore,
    idAt,
    inside,
    at,
    movedOutside,
  };
}
