import type { EntryMeta, IssueMeta } from "./documents.js";
import type { FeatureMatch } from "./feature-index.js";
import type { FullText } from "./full-text.js";
import type { ClusterMeta } from "./search-index.js";
import type { TemplateMatch } from "./template-matcher.js";
import type { SearchFilters } from "./types.js";

/** A document full text found: an issue or an entry, with the metadata search shows. */
export type IndexedDoc = { kind: "issue"; meta: IssueMeta } | { kind: "entry"; meta: EntryMeta };

/** Whether some member of a cluster meets each member filter (true for a filter not asked). */
export interface MemberFilter {
  repo: boolean;
  component: boolean;
  version: boolean;
}

/** What a result shows of its cluster: the first members, and the member carrying its signature. */
export interface ShownMembers {
  members: IssueMeta[];
  carrier?: IssueMeta;
}

export interface ShownRequest {
  clusterId: string;
  /** The first member carrying this signature is the result's carrier (null: none asked). */
  signature: string | null;
}

/** Members a result lists. */
export const SHOWN_MEMBERS = 5;

/**
 * Everything a search reads besides full text, asked per query: the same answers from the loaded
 * index (memory-lookups.ts) or from the database by key (database-lookups.ts).
 */
export interface SearchLookups {
  readonly text: FullText;
  /** Live documents (issues and entries): full text's rarity cuts are shares of it. */
  documentCount(): Promise<number>;
  /** Per normalized line: the clusters its features point at, best first (FeatureIndex.match). */
  features(templates: string[]): Promise<FeatureMatch[][]>;
  /** Per normalized line: known templates alike, best first, at most `limit` (TemplateMatcher.match). */
  templates(templates: string[], limit: number): Promise<TemplateMatch[][]>;
  /** Signature id → clusters whose members carry it. */
  signatureClusters(signatureIds: string[]): Promise<Map<string, string[]>>;
  /** Live documents by full-text row id. */
  documents(rows: number[]): Promise<Map<number, IndexedDoc>>;
  clusters(ids: string[]): Promise<Map<string, ClusterMeta>>;
  /** Entries written from these clusters. */
  entriesOf(clusterIds: string[]): Promise<EntryMeta[]>;
  /** Per cluster, which member filters some member meets. */
  memberFilters(clusterIds: string[], filters: SearchFilters): Promise<Map<string, MemberFilter>>;
  /** Per cluster asked: its first members in (repo, number) order (of `repo` when given) and carrier. */
  shown(requests: ShownRequest[], repo: string | null): Promise<Map<string, ShownMembers>>;
}

const lower = (text: string | undefined) => (text ? text.toLowerCase() : null);

/** The filters as members are compared with them: repo and component lower-cased, version without `v`. */
export function memberFilterValues(filters: SearchFilters) {
  return {
    repo: lower(filters.repo),
    component: lower(filters.component),
    version: filters.version ? filters.version.replace(/^v/i, "") : null,
  };
}

export const hasMemberFilters = (filters: SearchFilters) =>
  filters.repo !== undefined || filters.component !== undefined || filters.version !== undefined;

/** Which member filters some of these issues meet. */
export function memberFilterOf(filters: SearchFilters, members: readonly IssueMeta[]): MemberFilter {
  const { repo, component, version } = memberFilterValues(filters);
  const fits = (v: string) => v === version || v.startsWith(`${version}.`);
  return {
    repo: repo === null || members.some((m) => m.repo.toLowerCase() === repo),
    component: component === null || members.some((m) => m.components.includes(component)),
    version: version === null || members.some((m) => m.versions.some(fits)),
  };
}

/** Members in the order results list them: repo, then number (code-unit order, as SQLite sorts). */
export const byRepoAndNumber = (a: IssueMeta, b: IssueMeta) =>
  (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0) || a.number - b.number;
