// Reads what a cluster's draft is prefilled from: its issues, their threads, its sample lines.
import type { Db } from "../db/client.js";
import { getCluster, listClusterEvidence } from "../db/queries/clusters.js";
import {
  type CuratedIssue,
  listCommentsOfIssues,
  listIssuesOfClusters,
  listSignatureTemplatesById,
} from "../db/queries/curation.js";
import type { ClusterRow } from "../db/schema.js";
import type { ClusterEvidence, Thread } from "../domain/entry/index.js";
import { CurationError } from "./errors.js";

export const keyOf = (i: { repo: string; number: number }) => `${i.repo}#${i.number}`;

export async function clusterOrThrow(db: Db, id: string): Promise<ClusterRow> {
  const cluster = await getCluster(db, id);
  if (!cluster)
    throw new CurationError(
      "NOT_FOUND",
      `cluster ${id} does not exist (it may have been merged or re-mined)`,
    );
  return cluster;
}

async function threadsOf(db: Db, members: CuratedIssue[]): Promise<Thread[]> {
  const comments = await listCommentsOfIssues(
    db,
    members.map((m) => ({ repoKey: m.repoKey, number: m.number })),
  );
  const byIssue = new Map<string, typeof comments>();
  for (const c of comments) {
    const k = `${c.repoKey}#${c.issueNumber}`;
    byIssue.set(k, [...(byIssue.get(k) ?? []), c]);
  }
  return members.map((m) => ({
    key: keyOf(m),
    author: m.author,
    stateReason: m.stateReason,
    closedAt: m.closedAt,
    comments: (byIssue.get(`${m.repoKey}#${m.number}`) ?? []).map((c) => ({
      issueKey: keyOf(m),
      body: c.body,
      author: c.author,
      association: c.authorAssociation,
      url: c.htmlUrl,
      createdAt: c.createdAt,
    })),
  }));
}

export async function clusterEvidence(
  db: Db,
  cluster: ClusterRow,
): Promise<{ evidence: ClusterEvidence; members: CuratedIssue[] }> {
  const [members, samples, templates] = await Promise.all([
    listIssuesOfClusters(db, [cluster.id]),
    listClusterEvidence(db, cluster.id, 20),
    listSignatureTemplatesById(db, cluster.signatureIds),
  ]);
  const byId = new Map(templates.map((t) => [t.id, t.template]));
  return {
    members,
    evidence: {
      template: cluster.template,
      otherTemplates: cluster.signatureIds
        .map((id) => byId.get(id))
        .filter((t): t is string => t !== undefined),
      samples: samples.map((s) => s.sample),
      issues: members.map((m) => ({
        key: keyOf(m),
        repo: m.repo,
        title: m.title,
        body: m.body,
        labels: m.labels,
      })),
      threads: await threadsOf(db, members),
    },
  };
}
