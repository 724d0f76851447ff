import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { issues, repos } from "../schema.js";

export interface IssueListItem {
  repo: string;
  repoKey: string;
  number: number;
  title: string;
  state: "open" | "closed";
  stateReason: string | null;
  isPullRequest: boolean;
  updatedAt: string;
  commentCount: number;
  clusterId: string | null;
  htmlUrl: string;
}

export async function findRepo(db: Db, key: string) {
  const rows = await db.select().from(repos).where(eq(repos.key, key));
  return rows[0];
}

/** Issues in (repo, number) order, keyset-paged: stable under concurrent ingestion. */
export async function listIssues(
  db: Db,
  options: { repoKey?: string; limit: number; after?: { repoKey: string; number: number } },
): Promise<IssueListItem[]> {
  const { after } = options;
  const conditions = [
    options.repoKey ? eq(issues.repoKey, options.repoKey) : undefined,
    after
      ? or(
          gt(issues.repoKey, after.repoKey),
          and(eq(issues.repoKey, after.repoKey), gt(issues.number, after.number)),
        )
      : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select({
      repo: issues.repo,
      repoKey: issues.repoKey,
      number: issues.number,
      title: issues.title,
      state: issues.state,
      stateReason: issues.stateReason,
      isPullRequest: issues.isPullRequest,
      updatedAt: issues.updatedAt,
      commentCount: sql<number>`(select count(*) from comments c where c.repo_key = ${issues.repoKey} and c.issue_number = ${issues.number})`,
      clusterId: issues.clusterId,
      htmlUrl: issues.htmlUrl,
    })
    .from(issues)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(issues.repoKey), asc(issues.number))
    .limit(options.limit);
}
