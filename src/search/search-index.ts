import MiniSearch from "minisearch";
import type { ClusterRow } from "../db/schema.js";
import { signatureId } from "../domain/signature/index.js";
import { type EntryMeta, entryDocId, type IssueMeta, issueDocId } from "./documents.js";
import { FeatureIndex } from "./feature-index.js";
import { INDEX_OPTIONS, type IndexDoc } from "./index-options.js";
import { TemplateMatcher } from "./template-matcher.js";

export type ClusterMeta = Pick<ClusterRow, "id" | "template" | "signatureIds" | "issueCount" | "state">;

export interface DocTable {
  issues: IssueMeta[];
  entries: EntryMeta[];
}

/**
 * The in-memory search state: the MiniSearch full-text index over issues and entries, the
 * metadata to show and filter results, and the template lookups derived from clusters and
 * signatures. Mutated only through `put`/`remove` and `setClusters`.
 */
export class SearchIndex {
  readonly issues = new Map<number, IssueMeta>();
  readonly entries = new Map<string, EntryMeta>();
  clusters = new Map<string, ClusterMeta>();
  matcher = new TemplateMatcher([]);
  /** Error-chain features of clustered issues' lines → clusters (see FeatureIndex). */
  features = new FeatureIndex();
  /** signature id → cluster id → member issues carrying it. */
  sigClusters = new Map<string, Map<string, number>>();
  members = new Map<string, IssueMeta[]>();
  /** The persisted version this index matches (null until saved or loaded). */
  builtAt: string | null = null;

  constructor(readonly mini: MiniSearch<IndexDoc>) {}

  static empty(): SearchIndex {
    return new SearchIndex(new MiniSearch<IndexDoc>(INDEX_OPTIONS));
  }

  static async load(miniJson: string, docsJson: string): Promise<SearchIndex> {
    const index = new SearchIndex(await MiniSearch.loadJSONAsync<IndexDoc>(miniJson, INDEX_OPTIONS));
    const docs = JSON.parse(docsJson) as DocTable;
    for (const meta of docs.issues) index.issues.set(meta.id, meta);
    for (const meta of docs.entries) index.entries.set(meta.id, meta);
    return index;
  }

  serialize(): { mini: string; docs: string } {
    const docs: DocTable = { issues: [...this.issues.values()], entries: [...this.entries.values()] };
    return { mini: JSON.stringify(this.mini), docs: JSON.stringify(docs) };
  }

  get documentCount(): number {
    return this.mini.documentCount;
  }

  putIssue(doc: IndexDoc, meta: IssueMeta): void {
    if (this.mini.has(doc.id)) this.mini.replace(doc);
    else this.mini.add(doc);
    this.issues.set(meta.id, meta);
  }

  removeIssue(id: number): void {
    if (this.mini.has(issueDocId(id))) this.mini.discard(issueDocId(id));
    this.issues.delete(id);
  }

  putEntry(doc: IndexDoc, meta: EntryMeta): void {
    if (this.mini.has(doc.id)) this.mini.replace(doc);
    else this.mini.add(doc);
    this.entries.set(meta.id, meta);
  }

  removeEntry(id: string): void {
    if (this.mini.has(entryDocId(id))) this.mini.discard(entryDocId(id));
    this.entries.delete(id);
  }

  /**
   * How many documents hold a processed term (0 when none). MiniSearch keeps this in its term map
   * but does not publish it; without it (a future version changing the map) every term counts as
   * rare and queries simply keep all their terms.
   */
  documentFrequency(term: string): number {
    const index = (
      this.mini as unknown as {
        _index?: { get?: (t: string) => Map<number, Map<number, number>> | undefined };
      }
    )._index;
    const fields = typeof index?.get === "function" ? index.get(term) : undefined;
    if (!fields) return 0;
    let most = 0;
    for (const docs of fields.values()) most = Math.max(most, docs.size);
    return most;
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
    this.features = new FeatureIndex();
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
