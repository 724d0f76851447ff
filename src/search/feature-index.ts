import { DEFAULT_LINK_PARAMS, featureWeight } from "../domain/cluster/link.js";
import { cutPrefixes, type LineFeature, lineFeatures } from "../domain/evidence/features.js";
import { PrefixIndex } from "../domain/evidence/prefix-index.js";

interface Entry {
  template: string;
  spec: number;
  /** Issues carrying the feature: how common it is. */
  issues: number;
  /** Cluster → whether some member shows the feature as its whole line. */
  clusters: Map<string, boolean>;
}

export interface FeatureMatch {
  clusterId: string;
  /** Id of the feature matched (a signature id of the error-chain suffix). */
  featureId: string;
  /** 0–1: how surely the line points at this cluster. */
  score: number;
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
const MAX_PREFIX_MATCHES = 8;

/**
 * The features (error-chain suffixes) of every clustered issue's lines, for matching a pasted
 * line the way clustering ties issues: same features, same weights.
 */
export class FeatureIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byTemplate = new Map<string, string>();
  private prefixes: PrefixIndex | null = null;

  /** Adds one issue's line templates (call once per issue, so `issues` counts issues). */
  add(clusterId: string, templates: readonly string[]): void {
    const seen = new Map<string, LineFeature>();
    for (const t of templates) {
      for (const f of lineFeatures(t)) {
        const prev = seen.get(f.id);
        if (!prev || (f.whole && !prev.whole)) seen.set(f.id, f);
      }
    }
    for (const [id, f] of seen) {
      let e = this.entries.get(id);
      if (!e) {
        e = { template: f.template, spec: f.spec, issues: 0, clusters: new Map() };
        this.entries.set(id, e);
        this.byTemplate.set(f.template, id);
      }
      e.issues += 1;
      e.clusters.set(clusterId, (e.clusters.get(clusterId) ?? false) || f.whole);
    }
    this.prefixes = null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Clusters the normalized line points at, best first, one match per cluster. */
  match(template: string): FeatureMatch[] {
    const best = new Map<string, FeatureMatch>();
    const offer = (m: FeatureMatch) => {
      const prev = best.get(m.clusterId);
      if (!prev || m.score > prev.score) best.set(m.clusterId, m);
    };
    const features = lineFeatures(template);
    for (const f of features) {
      const e = this.entries.get(f.id);
      if (e) this.score(f.id, e, f.whole, "signature", 1, offer);
    }
    for (const prefix of this.prefixesOf(template, features)) {
      for (const t of this.prefixIndex().startingWith(prefix, MAX_PREFIX_MATCHES)) {
        const id = this.byTemplate.get(t) ?? "";
        const e = this.entries.get(id);
        if (e) this.score(id, e, false, "template", PREFIX_FACTOR, offer);
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.clusterId.localeCompare(b.clusterId));
  }

  private score(
    featureId: string,
    e: Entry,
    whole: boolean,
    kind: FeatureMatch["kind"],
    factor: number,
    offer: (m: FeatureMatch) => void,
  ) {
    const w = featureWeight(e.spec, e.issues, DEFAULT_LINK_PARAMS);
    for (const [clusterId, memberWhole] of e.clusters) {
      const exact = whole && memberWhole && e.spec >= DEFAULT_LINK_PARAMS.wholeSpec;
      const score = (exact ? WHOLE_LINE : BASE + (1 - BASE) * w) * factor;
      offer({ clusterId, featureId, score, template: e.template, kind });
    }
  }

  // A pasted line may be cut anywhere: inside its last clause, or after a whole one.
  private prefixesOf(template: string, features: LineFeature[]): string[] {
    const cut = features
      .filter((f) => f.depth === 1 && !f.general && f.spec >= MIN_PREFIX_SPEC)
      .map((f) => f.template);
    return [...cut, ...cutPrefixes(template)];
  }

  private prefixIndex(): PrefixIndex {
    this.prefixes ??= new PrefixIndex(this.byTemplate.keys());
    return this.prefixes;
  }
}
