import { applyRules, type Group } from "./groups";
import { mineIssueSignatures } from "./issue-signatures";
import { assignIds } from "./stable-ids";
import type { ClusterResult, ClusterRule, ClusterSummary, IssueDoc, SignatureInfo } from "./types";

function initialGroups(primaries: ReadonlyMap<string, SignatureInfo | null>): Group[] {
  const bySignature = new Map<string, Set<string>>();
  for (const [key, sig] of primaries) {
    if (!sig) continue;
    const g = bySignature.get(sig.id) ?? new Set<string>();
    g.add(key);
    bySignature.set(sig.id, g);
  }
  return [...bySignature.keys()].sort().map((id) => ({ members: bySignature.get(id) ?? new Set() }));
}

function summarize(
  id: string,
  group: Group,
  primaries: ReadonlyMap<string, SignatureInfo | null>,
): ClusterSummary {
  const memberKeys = [...group.members].sort();
  const counts = new Map<string, { n: number; template: string }>();
  for (const k of memberKeys) {
    const sig = primaries.get(k);
    if (!sig) continue;
    const c = counts.get(sig.id) ?? { n: 0, template: sig.template };
    c.n += 1;
    counts.set(sig.id, c);
  }
  const signatureIds = [...counts.keys()].sort();
  const top = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]))[0];
  return { id, signatureIds, template: top?.[1].template ?? "", memberKeys };
}

/**
 * Issue-level clustering: an issue's cluster is decided by its primary signature; issues without
 * an error line and pull requests get no cluster. The result depends only on the set of docs,
 * the rules and `previous` (last run's issue -> cluster ids, which keeps ids stable).
 */
export function clusterIssues(
  docs: IssueDoc[],
  rules: ClusterRule[],
  previous: ReadonlyMap<string, string>,
): ClusterResult {
  const sorted = [...docs].sort((a, b) => a.key.localeCompare(b.key));
  const mined = mineIssueSignatures(sorted);
  const primaries = new Map(mined.map((m) => [m.key, m.primary]));
  const groups = applyRules(initialGroups(primaries), rules, primaries);
  groups.sort((a, b) => ([...a.members].sort()[0] ?? "").localeCompare([...b.members].sort()[0] ?? ""));
  const fresh = (g: Group) => {
    const sig = [...g.members].map((k) => primaries.get(k)?.id ?? "").sort()[0] ?? "";
    return `cl_${sig.replace(/^sig_/, "")}`;
  };
  const ids = assignIds(groups, previous, fresh);
  const clusterOf = new Map<string, string>();
  groups.forEach((g, i) => {
    for (const k of g.members) clusterOf.set(k, ids[i] ?? "");
  });
  const clusters = groups
    .map((g, i) => summarize(ids[i] ?? "", g, primaries))
    .sort((a, b) => a.id.localeCompare(b.id));
  const assignments = mined.map((m) => ({ ...m, clusterId: clusterOf.get(m.key) ?? null }));
  return { assignments, clusters };
}
