// Per-query search lookups (src/search/lookups.ts): each reads only the postings of the keys one
// query asks for and the rows they lead to, in one statement (one call on D1). Lists travel as one
// JSON parameter read with json_each, so no statement nears D1's 100 bound parameters, and FTS5
// tables are joined to that list rather than UNIONed per key (D1 refuses long compound SELECTs).
import { sql } from "drizzle-orm";
import type { Db } from "../client.js";

const json = (value: unknown) => JSON.stringify(value);
const rows = async <T>(db: Db, query: ReturnType<typeof sql>) => (await db.all(query)) as T[];

// The lookup key of an id (`sig_<hash>` → `f_<hash>`, see src/search/keys.ts).
const keyOf = (prefix: string, idColumn: string) => sql.raw(`'${prefix}' || substr(${idColumn}, 5)`);

// Per cluster that exists, its members carrying a key: one row per (key, cluster) of
// search_key_clusters (kept by triggers, migration 0015), never one per member.
const clustersOf = (key: ReturnType<typeof sql>) =>
  sql`search_key_clusters as k join clusters on clusters.id = k.cluster_id where k.key = ${key}`;

export interface PrefixHit {
  /** Index of the prefix in the list asked. */
  p: number;
  featureId: string;
  template: string;
}

/**
 * Per prefix, the first `limit` features (in template order) whose template starts with it (and is
 * longer) and that some member still carries: a range of the template index each.
 */
export function prefixFeatureHits(db: Db, prefixes: string[], limit: number): Promise<PrefixHit[]> {
  const n = sql.raw(String(Math.trunc(limit)));
  return rows<PrefixHit>(
    db,
    sql`select cast(p.key as integer) as p, f.feature_id as featureId, f.template as template
      from json_each(${json(prefixes)}) as p join search_features as f on f.feature_id in (
        select g.feature_id from search_features as g
        where g.template > p.value and g.template < p.value || char(1114111)
          and exists (select 1 from ${clustersOf(keyOf("f_", "g.feature_id"))})
        order by g.template limit ${n})
      order by p.key, f.template`,
  );
}

export interface FeaturePosting {
  featureId: string;
  template: string;
  clusterId: string;
  /** Members of the cluster carrying the feature, and how many show it as a whole line. */
  n: number;
  whole: number;
  /** Members of any cluster carrying it. */
  issues: number;
  /** Members of the cluster (its issue count: every member is indexed once a refresh completed). */
  size: number;
}

/**
 * Per feature, the `top` clusters most members of which carry it, with the counts scoring needs.
 * Whole-line counts are read only for `wholeIds` (a query line that is the feature whole): the
 * common features are a line's causes, never whole, and their postings are the long ones.
 */
export function featurePostings(
  db: Db,
  featureIds: string[],
  wholeIds: string[],
  top: number,
): Promise<FeaturePosting[]> {
  const n = sql.raw(String(Math.trunc(top)));
  return rows<FeaturePosting>(
    db,
    sql`with q as (select value as fid from json_each(${json(featureIds)})),
      qw as (select value as fid from json_each(${json(wholeIds)})),
      counted as materialized (
        select q.fid as fid, k.cluster_id as cid, k.n as n
        from q join search_key_clusters as k on k.key = ${keyOf("f_", "q.fid")}),
      wholes as materialized (
        select qw.fid as fid, k.cluster_id as cid, k.n as w
        from qw join search_key_clusters as k on k.key = ${keyOf("w_", "qw.fid")}),
      ranked as (
        select counted.fid, counted.cid, counted.n, coalesce(wholes.w, 0) as w, clusters.issue_count as size,
          sum(counted.n) over (partition by counted.fid) as issues,
          row_number() over (partition by counted.fid order by counted.n desc, counted.cid) as r
        from counted join clusters on clusters.id = counted.cid
          left join wholes on wholes.fid = counted.fid and wholes.cid = counted.cid)
      select ranked.fid as featureId, search_features.template as template, ranked.cid as clusterId,
        ranked.n as n, ranked.w as whole, ranked.issues as issues, ranked.size as size
      from ranked join search_features on search_features.feature_id = ranked.fid
      where ranked.r <= ${n}`,
  );
}

export interface TemplateLookup {
  /** Index of the query template. */
  exactId: string;
  /** Keys of its constant tokens at their positions. */
  positions: string[];
  /** Keys of its distinct constant tokens. */
  tokens: string[];
  length: number;
}

export interface TemplateRowHit {
  q: number;
  kind: "signature" | "template" | "near";
  signatureId: string;
  template: string;
  /** near: distinct constants shared with the query. */
  common: number;
  constants: number;
}

/**
 * For each query template: the known template with its id, the templates whose every constant
 * sits at the same position in it (they cover it), and those sharing a constant token that fewer
 * than `maxPosting` templates hold, when they could reach `threshold` (Dice) or have its length.
 */
export function templateLookups(
  db: Db,
  queries: TemplateLookup[],
  maxPosting: number,
  threshold: number,
): Promise<TemplateRowHit[]> {
  const exact = json(queries.map((q, i) => [i, q.exactId]));
  const positions = json(queries.flatMap((q, i) => q.positions.map((k) => [i, k])));
  const tokens = json(queries.flatMap((q, i) => q.tokens.map((k) => [i, q.tokens.length, q.length, k])));
  const cap = sql.raw(String(Math.trunc(maxPosting) + 1));
  const max = sql.raw(String(Math.trunc(maxPosting)));
  const min = sql.raw(String(threshold));
  const phrase = sql.raw(`'"' || x.k || '"'`);
  return rows<TemplateRowHit>(
    db,
    sql`with pos as (select json_extract(value, '$[0]') as q, json_extract(value, '$[1]') as k from json_each(${positions})),
      tok as (select json_extract(value, '$[0]') as q, json_extract(value, '$[1]') as size,
        json_extract(value, '$[2]') as len, json_extract(value, '$[3]') as k from json_each(${tokens})),
      usable as materialized (select * from tok as x where (select count(*) from (
        select 1 from search_template_keys where search_template_keys match ${phrase} limit ${cap})) <= ${max})
      select json_extract(e.value, '$[0]') as q, 'signature' as kind, t.signature_id as signatureId,
        t.template as template, 0 as common, t.constants as constants
      from json_each(${exact}) as e join search_templates as t on t.signature_id = json_extract(e.value, '$[1]')
      union all
      select x.q as q, 'template' as kind, t.signature_id, t.template, count(*), t.constants
      from pos as x join search_template_keys on search_template_keys match ${phrase}
      join search_templates as t on t.id = search_template_keys.rowid
      group by x.q, t.id having count(*) = t.constant_positions and t.constants > 0
      union all
      select x.q as q, 'near' as kind, t.signature_id, t.template, count(*), t.constants
      from usable as x join search_template_keys on search_template_keys match ${phrase}
      join search_templates as t on t.id = search_template_keys.rowid
      group by x.q, t.id
      having 2.0 * count(*) / (max(x.size) + t.constants) >= ${min} or t.length = max(x.len)`,
  );
}

/** Clusters whose members carry each signature. */
export function signatureClusterRows(
  db: Db,
  signatureIds: string[],
): Promise<{ signatureId: string; clusterId: string }[]> {
  return rows(
    db,
    sql`select q.value as signatureId, k.cluster_id as clusterId
      from json_each(${json(signatureIds)}) as q join ${clustersOf(keyOf("s_", "q.value"))}
      order by q.value, k.cluster_id`,
  );
}

export interface DocRow {
  id: number;
  docId: string;
  meta: string;
}

/** Live documents by FTS5 row id. */
export function searchDocsByRow(db: Db, ids: number[]): Promise<DocRow[]> {
  return rows<DocRow>(
    db,
    sql`select id, doc_id as docId, meta from search_docs
      where id in (select value from json_each(${json(ids)})) and meta is not null`,
  );
}

export interface ClusterMetaRow {
  id: string;
  template: string;
  signatureIds: string;
  issueCount: number;
  state: string;
}

export function clusterRowsById(db: Db, ids: string[]): Promise<ClusterMetaRow[]> {
  return rows<ClusterMetaRow>(
    db,
    sql`select id, template, signature_ids as signatureIds, issue_count as issueCount, state from clusters
      where id in (select value from json_each(${json(ids)}))`,
  );
}

/** Entries (their metadata) written from these clusters. */
export function entryDocsOfClusters(db: Db, clusterIds: string[]): Promise<{ meta: string }[]> {
  return rows(
    db,
    sql`select meta from search_docs
      where cluster_id in (select value from json_each(${json(clusterIds)})) and repo is null and meta is not null`,
  );
}

export interface MemberFilterRow {
  clusterId: string;
  repo: number;
  component: number;
  version: number;
}

/** Per cluster, whether some member is of the repo, names the component, names the version (or a patch of it). */
export function memberFilterRows(
  db: Db,
  clusterIds: string[],
  filters: { repo: string | null; component: string | null; version: string | null },
): Promise<MemberFilterRow[]> {
  const repo = filters.repo === null ? sql`1` : sql`max(lower(d.repo) = ${filters.repo})`;
  const component =
    filters.component === null
      ? sql`1`
      : sql`max(exists (select 1 from json_each(d.meta, '$.components') as c where c.value = ${filters.component}))`;
  const version =
    filters.version === null
      ? sql`1`
      : sql`max(exists (select 1 from json_each(d.meta, '$.versions') as v where v.value = ${filters.version}
          or substr(v.value, 1, ${filters.version.length + 1}) = ${`${filters.version}.`}))`;
  return rows<MemberFilterRow>(
    db,
    sql`select d.cluster_id as clusterId, ${repo} as repo, ${component} as component, ${version} as version
      from search_docs as d where d.cluster_id in (select value from json_each(${json(clusterIds)}))
        and d.repo is not null group by d.cluster_id`,
  );
}

export interface ShownMemberRow {
  clusterId: string;
  /** `member`: one of the first members; `carrier`: the first member carrying the signature. */
  kind: "member" | "carrier";
  meta: string;
}

/**
 * The first `limit` members of each cluster in (repo, number) order, and the first member of each
 * (cluster, signature key) pair that carries it; of one repo (lower-cased) when `repo` is given.
 * A carrier is found by walking the cluster's entries of the (cluster_id, repo, number) index in
 * order against the key's postings in search_keys, so search_keys holds no cluster (migration
 * 0024: a cluster move rewrites no FTS row) and no wide search_docs row is read but the one shown
 * (1.3 ms warm for a family of 4.4k at 100k, where filtering the key's postings by cluster took 10).
 */
export function shownMemberRows(
  db: Db,
  clusterIds: string[],
  carriers: [string, string][],
  repo: string | null,
  limit: number,
): Promise<ShownMemberRow[]> {
  const ofRepo = (column: string) => (repo === null ? sql`` : sql` and lower(${sql.raw(column)}) = ${repo}`);
  const n = sql.raw(String(Math.trunc(limit)));
  return rows<ShownMemberRow>(
    db,
    sql`select q.value as clusterId, 'member' as kind, d.meta as meta
      from json_each(${json(clusterIds)}) as q join search_docs as d on d.id in (
        select s.id from search_docs as s where s.cluster_id = q.value and s.repo is not null${ofRepo("s.repo")}
        order by s.repo, s.number limit ${n})
      union all
      select json_extract(q.value, '$[0]'), 'carrier', d.meta
      from json_each(${json(carriers)}) as q join search_docs as d on d.id = (
        select s.id from search_docs as s indexed by search_docs_cluster
        where s.cluster_id = json_extract(q.value, '$[0]') and s.repo is not null${ofRepo("s.repo")}
          and s.id in (select rowid from search_keys
            where search_keys match ('"' || json_extract(q.value, '$[1]') || '"'))
        order by s.repo, s.number limit 1)`,
  );
}
