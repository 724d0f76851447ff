import { DEFAULT_LINK_PARAMS, featureWeight } from "../domain/cluster/link-weights.js";
import { cutPrefixes, type LineFeature, lineFeatures } from "../domain/evidence/features.js";
import { PrefixIndex } from "../domain/evidence/prefix-index.js";
import { featuresMemo, issueFeatures } from "./keys.js";

interface Entry extends FeatureStats {
  /** Cluster → members carrying the feature, and how many show it as their whole line. */
  clusters: Map<string, Share>;
}

export interface Share {
  n: number;
  whole: number;
}

export interface FeatureMatch {
  clusterId: string;
  /** Id of the feature matched (a signature id of the error-chain suffix). */
  featureId: string;
  /** 0–1: how surely the line points at this cluster. */
  score: number;
  /** 0–1: how specific and rare the matched feature is on its own (its clustering weight). */
  weight: number;
  /** The known template the line met. */
  template: string;
  /** `signature`: the line (or its cause) is the known one; `template`: the line is the start of one. */
  kind: "signature" | "template";
}

// A query line that is exactly a line some member shows is as sure as search gets; a shared
// ending (the cause) is sure in proportion to how specific and how rare it is.
const WHOLE_LINE = 1;
const BASE = 0.4;
const PREFIX_FACTOR = 0.9;
const MIN_PREFIX_SPEC = 2;
/** Known templates a prefix is looked up for (the prefix index returns one more). */
export const MAX_PREFIX_MATCHES = 8;
export const MAX_CLUSTERS_PER_FEATURE = 50;
// A line one member of eleven mentions says less about that cluster than a line all members show.
const SHARE_SPAN = 0.2;

/**
 * The features (error-chain suffixes) of every clustered issue's lines, for matching a pasted
 * line the way clustering ties issues: same features, same weights.
 */
export class FeatureIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byTemplate = new Map<string, string>();
  /** Issues added per cluster: a feature most members show is what the cluster is about. */
  private readonly sizes = new Map<string, number>();
  private prefixes: PrefixIndex | null = null;
  /** Issues added in all: rarity is a share of them, as in clustering. */
  private issueCount = 0;

  /**
   * `known`: features already derived per template (by an earlier index over the same corpus).
   * Members of one cluster share their templates, so deriving each template's features once makes
   * a rebuild after a refresh a matter of map lookups.
   */
  constructor(private readonly known = new Map<string, LineFeature[]>()) {
    this.featuresOf = featuresMemo(known);
  }

  /** The per-template features this index derived, for the next one to reuse. */
  get featureCache(): Map<string, LineFeature[]> {
    return this.known;
  }

  private readonly featuresOf: (template: string) => LineFeature[];

  /** Adds one issue's line templates (call once per issue, so `issues` counts issues). */
  add(clusterId: string, templates: readonly string[]): void {
    this.sizes.set(clusterId, (this.sizes.get(clusterId) ?? 0) + 1);
    this.issueCount += 1;
    for (const [id, f] of this.issueFeatures(templates)) {
      let e = this.entries.get(id);
      if (!e) {
        e = { template: f.template, spec: f.spec, issues: 0, clusters: new Map() };
        this.entries.set(id, e);
        this.byTemplate.set(f.template, id);
        this.prefixes = null;
      }
      e.issues += 1;
      const c = e.clusters.get(clusterId);
      e.clusters.set(clusterId, { n: (c?.n ?? 0) + 1, whole: (c?.whole ?? 0) + (f.whole ? 1 : 0) });
      e.top = undefined;
    }
  }

  /** Takes back what `add` did for one issue with these templates in this cluster. */
  remove(clusterId: string, templates: readonly string[]): void {
    const size = (this.sizes.get(clusterId) ?? 0) - 1;
    if (size > 0) this.sizes.set(clusterId, size);
    else this.sizes.delete(clusterId);
    this.issueCount -= 1;
    for (const [id, f] of this.issueFeatures(templates)) {
      const e = this.entries.get(id);
      const c = e?.clusters.get(clusterId);
      if (!e || !c) continue;
      e.issues -= 1;
      if (c.n > 1) e.clusters.set(clusterId, { n: c.n - 1, whole: c.whole - (f.whole ? 1 : 0) });
      else e.clusters.delete(clusterId);
      e.top = undefined;
      if (e.issues <= 0) {
        this.entries.delete(id);
        this.byTemplate.delete(e.template);
        this.prefixes = null;
      }
    }
  }

  /** One issue's features, each once (shown whole if any of its lines shows it whole). */
  private issueFeatures(templates: readonly string[]): Map<string, LineFeature> {
    return issueFeatures(templates, (t) => this.featuresOf(t));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Clusters the normalized line points at, best first, one match per cluster. */
  match(template: string): FeatureMatch[] {
    const query = featureQuery(template);
    const prefixHits = query.prefixes.map((prefix) =>
      this.prefixIndex()
        .startingWith(prefix, MAX_PREFIX_MATCHES)
        .map((t) => this.byTemplate.get(t) ?? ""),
    );
    return scoreFeatures(query, prefixHits, (id) => this.stats(id), {
      issueCount: this.issueCount,
      size: (clusterId) => this.sizes.get(clusterId),
    });
  }

  private stats(id: string): FeatureStats | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    // A line shared by hundreds of clusters is answered by the ones most of whose members show it.
    e.top ??= [...e.clusters]
      .sort((a, b) => b[1].n - a[1].n || compareIds(a[0], b[0]))
      .slice(0, MAX_CLUSTERS_PER_FEATURE);
    return e;
  }

  private prefixIndex(): PrefixIndex {
    this.prefixes ??= new PrefixIndex(this.byTemplate.keys());
    return this.prefixes;
  }
}

/** What an index is asked for one line: its own features, and prefixes a longer known line starts with. */
export interface FeatureQuery {
  features: LineFeature[];
  prefixes: string[];
}

export function featureQuery(template: string): FeatureQuery {
  const features = lineFeatures(template);
  // A pasted line may be cut anywhere: inside its last clause, or after a whole one.
  const cut = features
    .filter((f) => f.depth === 1 && !f.general && f.spec >= MIN_PREFIX_SPEC)
    .map((f) => f.template);
  return { features, prefixes: [...cut, ...cutPrefixes(template)] };
}

/** A feature as an index knows it: its first template, how many issues carry it, its top clusters. */
export interface FeatureStats {
  template: string;
  spec: number;
  issues: number;
  /** At most MAX_CLUSTERS_PER_FEATURE clusters, most members carrying it first. */
  top?: [string, Share][];
}

export interface FeatureCounts {
  /** Clustered issues in all. */
  issueCount: number;
  /** Members of a cluster. */
  size(clusterId: string): number | undefined;
}

/** Code-unit order: the same in memory and in the database (SQLite's BINARY collation). */
export const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Scores a line's features and the known features its prefixes start (`prefixHits`, per prefix, in
 * template order) against what an index knows of them; best first, one match per cluster.
 */
export function scoreFeatures(
  query: FeatureQuery,
  prefixHits: string[][],
  stats: (featureId: string) => FeatureStats | undefined,
  counts: FeatureCounts,
): FeatureMatch[] {
  const best = new Map<string, FeatureMatch>();
  const offer = (m: FeatureMatch) => {
    const prev = best.get(m.clusterId);
    // Equal scores: the longer template says more (`TypeError: Object of type …` over its cause).
    if (!prev || m.score > prev.score || (m.score === prev.score && m.template.length > prev.template.length))
      best.set(m.clusterId, m);
  };
  const score = (featureId: string, whole: boolean, kind: FeatureMatch["kind"], factor: number) => {
    const e = stats(featureId);
    if (!e) return;
    const w = featureWeight(e.spec, e.issues, counts.issueCount, DEFAULT_LINK_PARAMS);
    for (const [clusterId, member] of e.top ?? []) {
      const exact = whole && member.whole > 0 && e.spec >= DEFAULT_LINK_PARAMS.wholeSpec;
      const share = member.n / (counts.size(clusterId) ?? member.n);
      const s = (exact ? WHOLE_LINE : BASE + (1 - BASE) * w) * factor * (1 - SHARE_SPAN + SHARE_SPAN * share);
      offer({ clusterId, featureId, score: s, weight: w, template: e.template, kind });
    }
  };
  for (const f of query.features) score(f.id, f.whole, "signature", 1);
  for (const ids of prefixHits) for (const id of ids) score(id, false, "template", PREFIX_FACTOR);
  return [...best.values()].sort((a, b) => b.score - a.score || compareIds(a.clusterId, b.clusterId));
}
