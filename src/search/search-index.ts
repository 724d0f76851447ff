import type { ClusterRow } from "../db/schema.js";
import { signatureId } from "../domain/signature/index.js";
import type { EntryMeta, IssueMeta } from "./documents.js";
import { FeatureIndex } from "./feature-index.js";
import type { FullText } from "./full-text.js";
import { TemplateMatcher } from "./template-matcher.js";

export type ClusterMeta = Pick<ClusterRow, "id" | "template" | "signatureIds" | "issueCount" | "state">;

/**
 * The in-memory search state: the metadata to show and filter results, and the template and
 * feature lookups derived from clusters and signatures. Full text lives in the database (FTS5 over
 * `search_docs`, see full-text.ts); here only each document's row id, to map its hits back.
 * Mutated only through `apply` and `setClusters`.
 */
export class SearchIndex {
  readonly issues = new Map<number, IssueMeta>();
  readonly entries = new Map<string, EntryMeta>();
  /** FTS5 row id → document id ("i:<id>", "e:<id>"). A document keeps its row id for life. */
  readonly docsByRow = new Map<number, string>();
  /** One copy of each repeated string (repos, labels, templates): members of a cluster share most. */
  private readonly strings = new Map<string, string>();
  clusters = new Map<string, ClusterMeta>();
  matcher = new TemplateMatcher([]);
  /** Error-chain features of clustered issues' lines → clusters (see FeatureIndex). */
  features = new FeatureIndex();
  /** signature id → cluster id → member issues carrying it. */
  sigClusters = new Map<string, Map<string, number>>();
  members = new Map<string, IssueMeta[]>();
  /** The persisted version this index matches (null until loaded). */
  builtAt: string | null = null;
  /** The stamp of that version: rows changed at or after it are what a catch-up re-reads. */
  stamp: string | null = null;

  constructor(readonly text: FullText) {}

  get documentCount(): number {
    return this.issues.size + this.entries.size;
  }

  /** One persisted row: a document's metadata, or its tombstone (meta null). */
  apply(row: { id: number; docId: string; meta: string | null }): void {
    if (row.meta === null) {
      this.docsByRow.delete(row.id);
      if (row.docId.startsWith("i:")) this.issues.delete(Number(row.docId.slice(2)));
      else this.entries.delete(row.docId.slice(2));
      return;
    }
    this.docsByRow.set(row.id, row.docId);
    if (row.docId.startsWith("i:")) {
      const meta = JSON.parse(row.meta) as IssueMeta;
      this.issues.set(meta.id, this.compact(meta));
    } else {
      const meta = JSON.parse(row.meta) as EntryMeta;
      this.entries.set(meta.id, meta);
    }
  }

  private intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  }

  private compact(meta: IssueMeta): IssueMeta {
    meta.repo = this.intern(meta.repo);
    meta.components = meta.components.map((c) => this.intern(c));
    meta.versions = meta.versions.map((v) => this.intern(v));
    meta.v = "";
    for (const s of meta.samples) {
      s.signatureId = this.intern(s.signatureId);
      s.template = this.intern(s.template);
    }
    return meta;
  }

  /** Re-derives the cheap lookups; called after every change, it never touches the full-text index. */
  setClusters(clusters: ClusterMeta[], signatures: { id: string; template: string }[]): void {
    this.clusters = new Map(clusters.map((c) => [c.id, c]));
    const known = new Map(signatures.map((s) => [s.id, s.template]));
    for (const c of clusters)
      if (!known.has(c.signatureIds[0] ?? c.id)) known.set(c.signatureIds[0] ?? c.id, c.template);
    for (const e of this.entries.values()) {
      for (const s of e.signatures) if (!s.startsWith("sig_")) known.set(signatureId(s), s);
    }
    this.matcher = new TemplateMatcher([...known].map(([id, template]) => ({ id, template })));
    // Templates whose features were derived before keep them; the cache only ever holds the corpus's templates.
    this.features = new FeatureIndex(this.features.featureCache);
    this.sigClusters = new Map();
    this.members = new Map();
    for (const meta of this.issues.values()) {
      const clusterId = meta.clusterId;
      if (clusterId === null || !this.clusters.has(clusterId)) continue;
      const list = this.members.get(clusterId) ?? [];
      list.push(meta);
      this.members.set(clusterId, list);
      this.features.add(
        clusterId,
        meta.samples.map((s) => s.template),
      );
      for (const s of meta.samples) {
        const byCluster = this.sigClusters.get(s.signatureId) ?? new Map<string, number>();
        byCluster.set(clusterId, (byCluster.get(clusterId) ?? 0) + 1);
        this.sigClusters.set(s.signatureId, byCluster);
      }
    }
    for (const c of clusters) {
      for (const sid of c.signatureIds) {
        const byCluster = this.sigClusters.get(sid) ?? new Map<string, number>();
        if (!byCluster.has(c.id)) byCluster.set(c.id, 1);
        this.sigClusters.set(sid, byCluster);
      }
    }
    for (const list of this.members.values())
      list.sort((a, b) => a.repo.localeCompare(b.repo) || a.number - b.number);
  }
}
