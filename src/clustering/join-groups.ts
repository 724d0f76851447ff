// The join relink's last step (join-link.ts): the stored clusters that the new links of the relinked
// issues reach, joined, then named and numbered as a whole link would from their stored rows.
import type { Database } from "../db/client.js";
import { loadClusterPage } from "../db/queries/cluster-plan.js";
import { loadClusterIdsOf } from "../db/queries/cluster-reads.js";
import { nameGroups } from "../domain/cluster/cluster-issues.js";
import type { Group } from "../domain/cluster/groups.js";
import { issueSignatures } from "../domain/cluster/issue-signatures.js";
import type { Tie } from "../domain/cluster/link.js";
import type { ClusterTie } from "../domain/cluster/types.js";
import type { IssueEvidence } from "../domain/evidence/issue-evidence.js";
import type { JoinOutcome } from "./join-link.js";
import { loadStoredMembers } from "./local-inputs.js";
import type { PlannedAssignment } from "./local-link.js";
import { issueKey } from "./recluster-options.js";

export interface JoinedLinks {
  /** The relinked issues, and the changed ones among them or not. */
  A: Set<number>;
  C: Set<number>;
  /** The changed issues' stored clusters (read before their rows moved). */
  storedOfC: Map<number, string | null>;
  changed: { row: { id: number }; ev: IssueEvidence }[];
  /** The issues extracted again since the last link (their stored signatures are stale). */
  dirty: ReadonlySet<number>;
  carriers: Set<number>;
  clusterable: Map<number, boolean>;
  keyOf: (id: number) => string;
  /** The links of the relinked issues as they are now, by issue id. */
  edges: (readonly [number, number])[];
  /** A relinked issue's ties as linking recorded them. */
  tiesOf: (id: number) => Tie[] | undefined;
}

/** Stored clusters joined by `g.edges`, named and numbered; or why not (a rule reaches one). */
export async function joinedClusters(database: Database, g: JoinedLinks): Promise<JoinOutcome> {
  const { db, limits } = database;
  const decline = (reason: string): JoinOutcome => ({ kind: "decline", reason });
  const { A, C, storedOfC, clusterable, keyOf } = g;
  const endpoints = new Set(g.edges.flat());
  for (const id of A) endpoints.add(id);
  const storedCluster = new Map(
    (await loadClusterIdsOf(db, [...endpoints], limits)).map((r) => [r.id, r.clusterId]),
  );
  for (const id of C) storedCluster.set(id, storedOfC.get(id) ?? null);
  const nodeOf = (id: number): string | null => {
    const c = storedCluster.get(id);
    if (c) return `c:${c}`;
    return (clusterable.get(id) ?? true) ? `i:${id}` : null;
  };
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  const union = (x: string, y: string) => {
    const rx = find(x);
    const ry = find(y);
    // The smaller node name is the root: which one does not matter, only that it is fixed.
    if (rx < ry) parent.set(ry, rx);
    else if (ry < rx) parent.set(rx, ry);
  };
  for (const id of A) {
    const n = nodeOf(id);
    if (n) find(n);
  }
  for (const [a, b] of g.edges) {
    const x = nodeOf(a);
    const y = nodeOf(b);
    if (x && y) union(x, y);
  }
  const roots = new Set([...A].flatMap((id) => nodeOf(id) ?? []).map(find));
  const involved = [...parent.keys()].filter((n) => roots.has(find(n)));
  const clusterIds = new Set(involved.filter((n) => n.startsWith("c:")).map((n) => n.slice(2)));
  const carrierClusters = await loadClusterIdsOf(db, [...g.carriers], limits);
  if (carrierClusters.some((r) => r.clusterId && clusterIds.has(r.clusterId)))
    return decline("a joined cluster carries a curator rule");

  // Their stored rows, A's new ties and the changed issues' new signatures: named and numbered.
  const allRows = await loadStoredMembers(database, [...clusterIds], [...A], g.dirty);
  const rows = allRows.filter((r) => r.clusterId !== null && clusterIds.has(r.clusterId));
  const fresh = new Map(g.changed.map((c) => [c.row.id, issueSignatures(c.ev).primary]));
  const primaries = new Map<string, { id: string; template: string } | null>();
  const ties = new Map<string, ClusterTie[]>();
  for (const r of allRows) {
    const key = issueKey(r.repo, r.number);
    primaries.set(key, fresh.has(r.id) ? (fresh.get(r.id) ?? null) : r.primary);
    if (!A.has(r.id)) ties.set(key, parseTies(r.ties));
  }
  for (const id of A) {
    const list = g.tiesOf(id) ?? [];
    ties.set(
      keyOf(id),
      list.map((t) => ({ template: t.template, weight: t.weight, other: t.other })),
    );
  }
  const members = new Map<string, Set<string>>();
  for (const n of involved) {
    const root = find(n);
    if (!members.has(root)) members.set(root, new Set());
  }
  for (const r of rows) {
    const root = find(`c:${r.clusterId}`);
    members.get(root)?.add(issueKey(r.repo, r.number));
  }
  for (const id of A) {
    const n = nodeOf(id);
    if (n?.startsWith("i:")) members.get(find(n))?.add(keyOf(id));
  }
  const groups: Group[] = [...members.values()].map((m) => ({ members: m }));
  const previous = new Map(
    rows.flatMap((r) => (r.clusterId ? [[issueKey(r.repo, r.number), r.clusterId]] : [])),
  );
  const reserved = new Set<string>();
  for (let after = ""; ; ) {
    const page = await loadClusterPage(db, after, 2000);
    if (page.length === 0) break;
    for (const c of page) if (!clusterIds.has(c.id)) reserved.add(c.id);
    after = page[page.length - 1]?.id ?? after;
  }
  const named = nameGroups(groups, (k) => primaries.get(k), ties, previous, reserved);
  const clusterOf = new Map<string, string>();
  groups.forEach((g, i) => {
    for (const k of g.members) clusterOf.set(k, named.ids[i] ?? "");
  });
  const assignments: PlannedAssignment[] = allRows.map((r) => {
    const key = issueKey(r.repo, r.number);
    const clusterId = clusterOf.get(key) ?? null;
    return {
      key,
      primary: primaries.get(key) ?? null,
      clusterId,
      ties: (ties.get(key) ?? []).filter((t) => clusterOf.get(t.other) === clusterId),
    };
  });
  return {
    kind: "local",
    result: { assignments, clusters: named.clusters },
    rows: allRows,
    clusterIds,
    linked: `joined: ${A.size} relinked, ${allRows.length} read`,
  };
}

function parseTies(text: string): ClusterTie[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as ClusterTie[]) : [];
  } catch {
    return [];
  }
}
