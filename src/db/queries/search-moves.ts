// Documents moved to another cluster in SQL (the search-index step's cluster-only marks, migrations
// 0025 and 0026): their rows and their keys' per-cluster counts, without rebuilding them.
import { sql } from "drizzle-orm";
import type { Db, Statement } from "../client.js";
import { issues, searchDocs, searchKeyClusters, searchMoving } from "../schema.js";

/**
 * Moves live documents to their issue's cluster: the `cluster_id` column and the metadata's
 * `clusterId`, nothing else (their text, keys, repo and number do not depend on which cluster they
 * are in). For issues marked `cluster_only` (migration 0025): a merge of two families moves
 * thousands of documents, each of which was read, rebuilt and rewritten whole before. The moved
 * documents' keys are counted in `search_key_clusters` set by set, once per (key, cluster), while
 * `search_moving` keeps the per-document trigger off them (migration 0026). One atomic call: the
 * statements read the documents' old clusters before the last one moves them.
 */
export function moveSearchDocsClusterStatements(db: Db, issueIds: number[], changedAt: string): Statement[] {
  if (issueIds.length === 0) return [];
  const ids = JSON.stringify(issueIds);
  // The moved documents' keys, one row each (keys are letters, digits and `_`, space-separated: see
  // migration 0018). CROSS JOIN keeps SQLite to this order: search_moving has no statistics, and
  // the planner started from every clustered issue instead (2.3 s for a family of 1.9k at 100k).
  const moving = sql.raw(
    `search_moving as m cross join search_docs as d on d.id = m.id cross join issues as i on i.id = d.issue_id
     cross join json_each('["' || replace(d.keys, ' ', '","') || '"]') as k`,
  );
  const keyed = sql.raw("d.keys <> '' and k.value <> ''");
  return [
    db
      .insert(searchMoving)
      .select(
        sql`select d.id from search_docs as d join issues as i on i.id = d.issue_id
          where d.issue_id in (select value from json_each(${ids})) and d.meta is not null
            and d.cluster_id is not i.cluster_id`,
      )
      .onConflictDoNothing(),
    db
      .insert(searchKeyClusters)
      .select(
        sql`select k.value, i.cluster_id, count(distinct d.id) from ${moving}
          where ${keyed} and i.cluster_id is not null group by k.value, i.cluster_id`,
      )
      .onConflictDoUpdate({
        target: [searchKeyClusters.key, searchKeyClusters.clusterId],
        set: { n: sql`${searchKeyClusters.n} + excluded.n` },
      }),
    db
      .update(searchKeyClusters)
      .set({ n: sql`"search_key_clusters"."n" - "gone"."n"` })
      .from(
        sql`(select k.value as key, d.cluster_id as cluster_id, count(distinct d.id) as n from ${moving}
          where ${keyed} and d.cluster_id is not null group by k.value, d.cluster_id) as gone`,
      )
      .where(
        sql`"search_key_clusters"."key" = "gone"."key" and "search_key_clusters"."cluster_id" = "gone"."cluster_id"`,
      ),
    db.delete(searchKeyClusters).where(
      sql`${searchKeyClusters.n} <= 0 and (${searchKeyClusters.key}, ${searchKeyClusters.clusterId}) in
          (select k.value, d.cluster_id from ${moving} where ${keyed} and d.cluster_id is not null)`,
    ),
    db
      .update(searchDocs)
      .set({
        clusterId: sql`"issues"."cluster_id"`,
        meta: sql`json_set("search_docs"."meta", '$.clusterId', "issues"."cluster_id")`,
        changedAt,
      })
      .from(issues)
      .where(
        sql`"issues"."id" = "search_docs"."issue_id" and "search_docs"."id" in (select id from search_moving)`,
      ),
    db.delete(searchMoving),
  ];
}
