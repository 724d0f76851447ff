// The two passes of `linkFeatures` fed one feature at a time, in any order, so a caller can link a
// corpus whose postings it reads in pages (src/clustering/paged-link.ts) without holding them all.
// What it keeps grows with the issues, not the postings: a union-find entry per issue, at most one
// second-pass candidate per issue, and an issue's best ties (pruned as they come).
import type { FeatureStats } from "./feature-stats";
import { firstPassLinks, type Link, secondPassCandidates, secondPassOrder } from "./link";
import { DEFAULT_LINK_PARAMS, type LinkParams } from "./link-weights";
import { UnionFind } from "./union-find";

// An issue's ties are cut down to its five best once this many have piled up: a family's head
// gains one tie per member through the same feature.
const PRUNE_AT = 32;

/** A tie as the linker keeps it: the feature's slot, the rounded weight, the other issue's index. */
export interface IndexedTie {
  featureId: string;
  template: string;
  weight: number;
  other: number;
}

/**
 * `linkFeatures` over issues 0…n−1 (in key order, `keyOf`), fed feature by feature. The result is
 * the same whatever order features come in: first-pass unions commute, an issue's ties keep the
 * best per feature (first seen of equals, and each feature is fed once), and the second-pass
 * candidate of an issue is chosen by weight, then feature id, as `linkFeatures` meets them.
 * Pruning an issue's ties to its five best on the way cannot change its final five: a tie dropped
 * had five better ones, which only get better.
 * Ties are kept as three numbers each (feature slot, weight, other issue), not objects: at 100k
 * issues with five ties each, objects alone took about 30 MB.
 */
export class StreamLinker {
  private readonly uf: UnionFind;
  private readonly ties = new Map<number, number[]>();
  private readonly second = new Map<number, Link>();
  private readonly slots = new Map<string, number>();
  private readonly featureIds: string[] = [];
  private readonly templates: string[] = [];

  constructor(
    private readonly n: number,
    private readonly keyOf: (i: number) => string,
    private readonly corpus: number,
    private readonly params: LinkParams = DEFAULT_LINK_PARAMS,
  ) {
    this.uf = new UnionFind(n);
  }

  /** One feature, with its whole postings (each issue once). */
  add(featureId: string, s: FeatureStats): void {
    if (s.postings.length < 2) return;
    const { leads, links } = firstPassLinks(featureId, s, this.keyOf, this.corpus, this.params);
    for (const l of links) this.record(l);
    for (const c of secondPassCandidates(featureId, s, leads, this.corpus, this.params)) {
      const prev = this.second.get(c.a);
      if (
        !prev ||
        c.weight > prev.weight ||
        (c.weight === prev.weight && c.tie.featureId < prev.tie.featureId)
      )
        this.second.set(c.a, c);
    }
  }

  /** Features that made a link. */
  get linkedFeatures(): number {
    return this.featureIds.length;
  }

  /**
   * The second pass (issues still alone), then the groups of clusterable issues (issue indexes,
   * ascending, groups by their first issue). Ties are read afterwards with `tiesOf`.
   */
  finish(clusterable: (i: number) => boolean): number[][] {
    const size = new Map<number, number>();
    for (let i = 0; i < this.n; i++)
      if (clusterable(i)) size.set(this.uf.find(i), (size.get(this.uf.find(i)) ?? 0) + 1);
    const alone = [...this.second.values()].filter((l) => size.get(this.uf.find(l.a)) === 1);
    this.second.clear();
    for (const l of secondPassOrder(alone)) this.record(l);
    const groups = new Map<number, number[]>();
    for (let i = 0; i < this.n; i++) {
      if (!clusterable(i)) continue;
      const root = this.uf.find(i);
      const group = groups.get(root);
      if (group) group.push(i);
      else groups.set(root, [i]);
    }
    return [...groups.values()];
  }

  /** An issue's ties as `linkFeatures` returns them (best per feature, five best), other by index. */
  tiesOf(i: number): IndexedTie[] {
    const flat = this.ties.get(i);
    return flat ? this.best(flat).map((k) => this.tieAt(flat, k)) : [];
  }

  private tieAt(flat: number[], k: number): IndexedTie {
    const slot = flat[k] ?? 0;
    return {
      featureId: this.featureIds[slot] ?? "",
      template: this.templates[slot] ?? "",
      weight: flat[k + 1] ?? 0,
      other: flat[k + 2] ?? 0,
    };
  }

  // Offsets of the kept ties in `flat`, as `dedupeTies` keeps them: per feature the first of the
  // best weight, then the five best by weight and feature id.
  private best(flat: number[]): number[] {
    const bySlot = new Map<number, number>();
    for (let k = 0; k < flat.length; k += 3) {
      const slot = flat[k] ?? 0;
      const prev = bySlot.get(slot);
      if (prev === undefined || (flat[k + 1] ?? 0) > (flat[prev + 1] ?? 0)) bySlot.set(slot, k);
    }
    const id = (k: number) => this.featureIds[flat[k] ?? 0] ?? "";
    return [...bySlot.values()]
      .sort((a, b) => (flat[b + 1] ?? 0) - (flat[a + 1] ?? 0) || id(a).localeCompare(id(b)))
      .slice(0, MAX_TIES);
  }

  private slotOf(featureId: string, template: string): number {
    let slot = this.slots.get(featureId);
    if (slot === undefined) {
      slot = this.featureIds.length;
      this.slots.set(featureId, slot);
      this.featureIds.push(featureId);
      this.templates.push(template);
    }
    return slot;
  }

  private record(l: Link): void {
    this.uf.union(l.a, l.b);
    const slot = this.slotOf(l.tie.featureId, l.tie.template);
    this.push(l.a, slot, l.tie.weight, l.b);
    this.push(l.b, slot, l.tie.weight, l.a);
  }

  private push(i: number, slot: number, weight: number, other: number): void {
    const flat = this.ties.get(i);
    if (!flat) {
      this.ties.set(i, [slot, weight, other]);
      return;
    }
    flat.push(slot, weight, other);
    if (flat.length >= PRUNE_AT * 3) {
      const kept = this.best(flat).flatMap((k) => [flat[k] ?? 0, flat[k + 1] ?? 0, flat[k + 2] ?? 0]);
      this.ties.set(i, kept);
    }
  }
}

const MAX_TIES = 5;
