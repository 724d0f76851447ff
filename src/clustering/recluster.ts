import { writeInBatches } from "../db/chunked.js";
import type { Database, Statement } from "../db/client.js";
import {
  deleteClustersStatements,
  listRules,
  loadClusteringInput,
  replaceIssueSignaturesStatements,
  setIssueClusterStatement,
  upsertClusterStatement,
  upsertSignatureStatement,
} from "../db/queries/clusters.js";
import { clusters, issueSignatures, signatures } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import {
  type ClusterRule,
  clusterIssues,
  type IssueAssignment,
  type IssueDoc,
} from "../domain/cluster/index.js";

export interface ReclusterSummary {
  issues: number;
  changedIssues: number;
  clusters: number;
  removedClusters: number;
}

export const issueKey = (repo: string, number: number) => `${repo}#${number}`;

/**
 * Re-mines the whole corpus (mining is corpus-aware, and a full run must equal an incremental one)
 * and writes back only what changed: issue assignments, signatures and clusters. Curator rules are
 * applied by the domain function after mining, so they survive every run.
 */
export async function recluster(deps: { database: Database; clock: Clock }): Promise<ReclusterSummary> {
  const { database, clock } = deps;
  const { db } = database;
  const now = clock.now().toISOString();
  const { issueRows, commentRows } = await loadClusteringInput(db);
  const commentsByIssue = new Map<string, string[]>();
  for (const c of commentRows) {
    const key = `${c.repoKey}#${c.issueNumber}`;
    commentsByIssue.set(key, [...(commentsByIssue.get(key) ?? []), c.body]);
  }
  const docs: IssueDoc[] = issueRows.map((r) => ({
    key: issueKey(r.repo, r.number),
    title: r.title,
    body: r.body,
    comments: commentsByIssue.get(`${r.repoKey}#${r.number}`) ?? [],
    isPullRequest: r.isPullRequest,
  }));
  const previous = new Map(
    issueRows.filter((r) => r.clusterId).map((r) => [issueKey(r.repo, r.number), r.clusterId!]),
  );
  const rules: ClusterRule[] = (await listRules(db)).map((r) => ({
    id: r.id,
    kind: r.kind,
    signatureIds: r.signatureIds,
    issueKeys: r.issueKeys,
    targetClusterId: r.targetClusterId ?? undefined,
  }));
  const result = clusterIssues(docs, rules, previous);

  const statements: Statement[] = [];
  const stored = await storedSignatureState(database);
  const byKey = new Map(issueRows.map((r) => [issueKey(r.repo, r.number), r]));
  let changedIssues = 0;
  const usedSignatures = new Map<string, string>();
  for (const a of result.assignments) {
    const row = byKey.get(a.key);
    if (!row) continue;
    for (const s of [a.primary, ...a.secondary]) if (s) usedSignatures.set(s.id, s.template);
    const ids = signatureIdsOf(a);
    const changed =
      row.needsAnalysis ||
      row.clusterId !== a.clusterId ||
      row.primarySignatureId !== (a.primary?.id ?? null) ||
      JSON.stringify(row.clusterTies) !== JSON.stringify(a.ties) ||
      (stored.issueSignatures.get(row.id) ?? "") !== ids;
    if (!changed) continue;
    changedIssues += 1;
    statements.push(
      setIssueClusterStatement(db, row.id, {
        clusterId: a.clusterId,
        primarySignatureId: a.primary?.id ?? null,
        ties: a.ties,
      }),
    );
    statements.push(...replaceIssueSignaturesStatements(db, row.id, signatureRowsOf(a)));
  }
  for (const [id, template] of usedSignatures) {
    if (stored.signatures.get(id) !== template)
      statements.push(upsertSignatureStatement(db, id, template, now));
  }
  const current = new Set<string>();
  for (const cluster of result.clusters) {
    current.add(cluster.id);
    const row = {
      id: cluster.id,
      template: cluster.template,
      signatureIds: cluster.signatureIds,
      issueCount: cluster.memberKeys.length,
    };
    if (stored.clusters.get(cluster.id) !== clusterFingerprint(row))
      statements.push(upsertClusterStatement(db, row, now));
  }
  const removed = [...stored.clusters.keys()].filter((id) => !current.has(id));
  statements.push(...deleteClustersStatements(db, removed, database.limits));
  // Derived data only: written in bounded batches; a failure part-way is repaired by the next run.
  await writeInBatches(database, statements);
  return {
    issues: issueRows.length,
    changedIssues,
    clusters: result.clusters.length,
    removedClusters: removed.length,
  };
}

function signatureIdsOf(a: IssueAssignment): string {
  const ids = new Set([a.primary, ...a.secondary].filter((s) => s !== null).map((s) => s.id));
  return [...ids].sort().join(",");
}

function signatureRowsOf(a: IssueAssignment) {
  type Row = {
    signatureId: string;
    role: "primary" | "secondary";
    sample: string;
    masks: { kind: string; value: string }[];
  };
  const rows: Row[] = a.primary
    ? [{ signatureId: a.primary.id, role: "primary", sample: a.primary.sample, masks: a.primary.masks }]
    : [];
  const seen = new Set(rows.map((r) => r.signatureId));
  for (const s of a.secondary) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    rows.push({ signatureId: s.id, role: "secondary", sample: s.sample, masks: s.masks });
  }
  return rows;
}

function clusterFingerprint(row: { template: string; signatureIds: string[]; issueCount: number }): string {
  return JSON.stringify([row.template, row.signatureIds, row.issueCount]);
}

async function storedSignatureState(database: Database) {
  const { db } = database;
  const [sigRows, linkRows, clusterRows] = await Promise.all([
    db.select({ id: signatures.id, template: signatures.template }).from(signatures),
    db
      .select({ issueId: issueSignatures.issueId, signatureId: issueSignatures.signatureId })
      .from(issueSignatures),
    db.select().from(clusters),
  ]);
  const links = new Map<number, string[]>();
  for (const l of linkRows) links.set(l.issueId, [...(links.get(l.issueId) ?? []), l.signatureId]);
  return {
    signatures: new Map(sigRows.map((s) => [s.id, s.template])),
    issueSignatures: new Map([...links].map(([id, ids]) => [id, ids.sort().join(",")])),
    clusters: new Map(clusterRows.map((c) => [c.id, clusterFingerprint(c)])),
  };
}

export function formatReclusterSummary(s: ReclusterSummary): string {
  return `clustered ${s.issues} issues: ${s.clusters} clusters, ${s.changedIssues} issues changed, ${s.removedClusters} clusters removed`;
}
