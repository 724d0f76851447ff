import { type IssueEvidence, issueEvidence } from "../evidence/issue-evidence";
import { applyRules, type Group } from "./groups";
import { issueSignatures } from "./issue-signatures";
import { linkIssues, type Tie } from "./link";
import { DEFAULT_LINK_PARAMS, type LinkParams } from "./link-weights";
import { assignIds } from "./stable-ids";
import type { ClusterResult, ClusterRule, ClusterSummary, ClusterTie, IssueDoc } from "./types";

const TYPED = /^(?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception): /;

/** What naming and numbering a cluster needs of a member: its primary signature. */
export type PrimaryOf = (key: string) => { id: string; template: string } | null | undefined;

/** What naming reads by issue key (a Map, or a lookup over arrays a paged link keeps). */
export interface Lookup<V> {
  get(key: string): V | undefined;
}

/** A member's ties as naming reads them. */
export type TiesOf = Lookup<readonly { template: string; weight: number }[]>;

// A cluster is named after what most ties its members together, or its first member's best line.
function summarize(id: string, group: Group, primaryOf: PrimaryOf, ties: TiesOf): ClusterSummary {
  const memberKeys = [...group.members].sort();
  const signatureIds = [
    ...new Set(memberKeys.map((k) => primaryOf(k)?.id).filter((x) => x !== undefined)),
  ].sort();
  const shared = new Map<string, { n: number; weight: number }>();
  for (const k of memberKeys) {
    for (const t of ties.get(k) ?? []) {
      const s = shared.get(t.template) ?? { n: 0, weight: 0 };
      shared.set(t.template, { n: s.n + 1, weight: Math.max(s.weight, t.weight) });
    }
  }
  const top = [...shared].sort(
    (a, b) => b[1].n - a[1].n || b[1].weight - a[1].weight || a[0].localeCompare(b[0]),
  )[0];
  // `Object of type <*> is not JSON serializable` ties reports that left out the exception type;
  // the name keeps the type when members show it (`TypeError: Object of type …`).
  const typed = top && [...shared.keys()].find((t) => TYPED.test(t) && t.endsWith(`: ${top[0]}`));
  const template = typed || top?.[0] || primaryOf(memberKeys[0] ?? "")?.template || "";
  return { id, signatureIds, template, memberKeys };
}

/**
 * Ids and names for groups after the rules: a previous id goes to the group holding most of its
 * former members, a new group is named after its members' first primary signature, `reserved` ids
 * are never taken. Sorts `groups` (by first member key); `ids` follow that order.
 */
export function nameGroups(
  groups: Group[],
  primaryOf: PrimaryOf,
  ties: TiesOf,
  previous: Lookup<string>,
  reserved: ReadonlySet<string> = new Set(),
): { ids: string[]; clusters: ClusterSummary[] } {
  groups.sort((a, b) => ([...a.members].sort()[0] ?? "").localeCompare([...b.members].sort()[0] ?? ""));
  const fresh = (g: Group) => {
    const sig = [...g.members].map((k) => primaryOf(k)?.id ?? "").sort()[0] ?? "";
    return `cl_${sig.replace(/^sig_/, "")}`;
  };
  const ids = assignIds(groups, previous, fresh, reserved);
  const clusters = groups
    .map((g, i) => summarize(ids[i] ?? "", g, primaryOf, ties))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { ids, clusters };
}

/**
 * Issue-level clustering by shared evidence (see `linkIssues`), then curator rules, then stable
 * ids. Pull requests join the cluster of the error they show and never open one; issues without an
 * error line get no cluster. The result depends only on the set of docs, the rules and `previous`
 * (last run's issue → cluster ids, which keeps ids stable).
 */
export function clusterIssues(
  docs: IssueDoc[],
  rules: ClusterRule[],
  previous: ReadonlyMap<string, string>,
  params: LinkParams = DEFAULT_LINK_PARAMS,
): ClusterResult {
  const sorted = [...docs].sort((a, b) => a.key.localeCompare(b.key));
  return clusterEvidence(sorted.map(issueEvidence), rules, previous, params);
}

/** The same, from evidence already extracted (cached per issue by the caller). */
export function clusterEvidence(
  evidence: IssueEvidence[],
  rules: ClusterRule[],
  previous: ReadonlyMap<string, string>,
  params: LinkParams = DEFAULT_LINK_PARAMS,
): ClusterResult {
  const sorted = [...evidence].sort((a, b) => a.key.localeCompare(b.key));
  return clusterLinked(sorted, linkIssues(sorted, params), rules, previous);
}

/**
 * Rules, ids and names for issues already linked (`sorted` by key, as `linked` indexes them). A
 * local relink passes the ids of the clusters it leaves alone as `reserved`: a new cluster never
 * takes one of them.
 */
export function clusterLinked(
  sorted: readonly IssueEvidence[],
  linked: { groups: number[][]; ties: Map<number, Tie[]> },
  rules: ClusterRule[],
  previous: ReadonlyMap<string, string>,
  reserved: ReadonlySet<string> = new Set(),
): ClusterResult {
  const signatures = sorted.map((ev) => issueSignatures(ev));
  const members = sorted.map((ev, i) => {
    const m = signatures[i] ?? { primary: null, secondary: [] };
    return {
      key: ev.key,
      primary: m.primary,
      carried: new Set([m.primary, ...m.secondary].flatMap((s) => (s ? [s.id] : []))),
    };
  });
  const grouped = groupLinked(members, linked, rules, previous, reserved);
  const assignments = grouped.assignments.map((a, i) => ({
    ...a,
    primary: signatures[i]?.primary ?? null,
    secondary: signatures[i]?.secondary ?? [],
  }));
  return { assignments, clusters: grouped.clusters };
}

/**
 * What grouping and naming need of a linked issue: its key, its primary signature, and the ids of
 * the signatures it carries (those a curator rule names are enough). A local relink builds it from
 * the stored assignment of an issue whose evidence did not change, without reading the evidence.
 */
export interface LinkedMember<P extends { id: string; template: string } = { id: string; template: string }> {
  key: string;
  primary: P | null;
  carried: ReadonlySet<string>;
}

/** `clusterLinked` over members (`members[i]` is the issue `linked` calls i), in members' order. */
export function groupLinked<P extends { id: string; template: string }>(
  members: readonly LinkedMember<P>[],
  linked: { groups: number[][]; ties: Map<number, Tie[]> },
  rules: ClusterRule[],
  previous: ReadonlyMap<string, string>,
  reserved: ReadonlySet<string> = new Set(),
): {
  assignments: { key: string; primary: P | null; clusterId: string | null; ties: ClusterTie[] }[];
  clusters: ClusterSummary[];
} {
  const byKey = new Map(members.map((m) => [m.key, m]));
  const ties = new Map([...linked.ties].map(([i, t]) => [members[i]?.key ?? "", t]));
  const carried = new Map(members.map((m) => [m.key, m.carried]));
  const initial: Group[] = linked.groups.map((g) => ({
    members: new Set(g.map((i) => members[i]?.key ?? "")),
  }));
  const groups = applyRules(initial, rules, carried);
  const { ids, clusters } = nameGroups(groups, (k) => byKey.get(k)?.primary, ties, previous, reserved);
  const clusterOf = new Map<string, string>();
  groups.forEach((g, i) => {
    for (const k of g.members) clusterOf.set(k, ids[i] ?? "");
  });
  const assignments = members.map((m) => {
    const clusterId = clusterOf.get(m.key) ?? null;
    const own = (ties.get(m.key) ?? []).filter((t) => clusterOf.get(t.other) === clusterId);
    return {
      key: m.key,
      primary: m.primary,
      clusterId,
      ties: own.map(({ template, weight, other }) => ({ template, weight, other })),
    };
  });
  return { assignments, clusters };
}
