import type { ClusterRow } from "../db/schema.js";
import { signatureId } from "../domain/signature/index.js";
import type { EntryMeta, IssueMeta } from "./documents.js";
import { FeatureIndex } from "./feature-index.js";
import type { FullText } from "./full-text.js";
import { byRepoAndNumber } from "./lookups.js";
import { TemplateMatcher } from "./template-matcher.js";

// A catch-up of at most this many documents (or this share of the issues) updates the lookups in place.
const INCREMENTAL_MIN = 50;
const INCREMENTAL_SHARE = 0.01;

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
  /** Signatures the lookups were derived from. */
  private signatureCount = 0;
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

  /**
   * Applies rows another refresh changed. When only a few issues changed and the clusters (ids and
   * signatures) and signatures are the ones the lookups were derived from, each changed issue's old
   * contribution is taken out and its new one put in; otherwise everything is derived again.
   */
  applyChanges(
    rows: { id: number; docId: string; meta: string | null }[],
    clusters: ClusterMeta[],
    signatures: { id: string; template: string }[],
  ): "incremental" | "rebuilt" {
    const few = rows.length <= Math.max(INCREMENTAL_MIN, this.issues.size * INCREMENTAL_SHARE);
    if (!few || rows.some((r) => !r.docId.startsWith("i:")) || !this.sameShape(clusters, signatures)) {
      for (const row of rows) this.apply(row);
      this.setClusters(clusters, signatures);
      return "rebuilt";
    }
    this.clusters = new Map(clusters.map((c) => [c.id, c]));
    for (const row of rows) {
      const id = Number(row.docId.slice(2));
      const before = this.issues.get(id);
      if (before) this.unlink(before);
      this.apply(row);
      const after = this.issues.get(id);
      if (after) this.link(after);
    }
    return "incremental";
  }

  private sameShape(clusters: ClusterMeta[], signatures: { id: string; template: string }[]): boolean {
    if (clusters.length !== this.clusters.size || signatures.length !== this.signatureCount) return false;
    const sameCluster = (c: ClusterMeta) =>
      this.clusters.get(c.id)?.signatureIds.join(" ") === c.signatureIds.join(" ") &&
      this.clusters.get(c.id)?.template === c.template;
    return (
      clusters.every(sameCluster) && signatures.every((sig) => this.matcher.template(sig.id) === sig.template)
    );
  }

  /** Takes an issue out of its cluster's members, the feature index and the signature lookup. */
  private unlink(meta: IssueMeta): void {
    const clusterId = meta.clusterId;
    if (clusterId === null || !this.members.has(clusterId)) return;
    const list = (this.members.get(clusterId) ?? []).filter((m) => m.id !== meta.id);
    if (list.length > 0) this.members.set(clusterId, list);
    else this.members.delete(clusterId);
    this.features.remove(
      clusterId,
      meta.samples.map((s) => s.template),
    );
    for (const s of meta.samples) {
      const byCluster = this.sigClusters.get(s.signatureId);
      const n = (byCluster?.get(clusterId) ?? 0) - 1;
      if (!byCluster) continue;
      // Only which clusters a signature points at is read: a cluster listing it keeps it.
      if (n > 0 || this.clusters.get(clusterId)?.signatureIds.includes(s.signatureId))
        byCluster.set(clusterId, Math.max(1, n));
      else byCluster.delete(clusterId);
      if (byCluster.size === 0) this.sigClusters.delete(s.signatureId);
    }
  }

  private link(meta: IssueMeta): void {
    // A fresh list, as before: a result built earlier may still hold the old one.
    const current = meta.clusterId === null ? undefined : this.members.get(meta.clusterId);
    if (current && meta.clusterId !== null) this.members.set(meta.clusterId, [...current]);
    this.addMember(meta)?.sort(byRepoAndNumber);
  }

  /** Files an issue under its cluster (members, features, signature counts); its cluster's list. */
  private addMember(meta: IssueMeta): IssueMeta[] | undefined {
    const clusterId = meta.clusterId;
    if (clusterId === null || !this.clusters.has(clusterId)) return undefined;
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
    return list;
  }

  /** Re-derives the cheap lookups; called after every change, it never touches the full-text index. */
  setClusters(clusters: ClusterMeta[], signatures: { id: string; template: string }[]): void {
    this.signatureCount = signatures.length;
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
    for (const meta of this.issues.values()) this.addMember(meta);
    for (const c of clusters) {
      for (const sid of c.signatureIds) {
        const byCluster = this.sigClusters.get(sid) ?? new Map<string, number>();
        if (!byCluster.has(c.id)) byCluster.set(c.id, 1);
        this.sigClusters.set(sid, byCluster);
      }
    }
    for (const list of this.members.values()) list.sort(byRepoAndNumber);
  }
}
