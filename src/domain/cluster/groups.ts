import { hash64 } from "../signature/hash";
import type { ClusterRule } from "./types";

// A working group of issues before it gets its public id. `forcedId` comes from a curator rule.
export interface Group {
  members: Set<string>;
  forcedId?: string;
}

export function splitClusterId(rule: ClusterRule): string {
  return `cl_${hash64(`split:${rule.id}`)}`;
}

function carries(key: string, rule: ClusterRule, carried: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  if (rule.issueKeys?.includes(key)) return true;
  const sigs = carried.get(key);
  return sigs !== undefined && rule.signatureIds.some((id) => sigs.has(id));
}

// A merge pulls together every group holding one of the rule's issues or signatures.
function applyMerge(groups: Group[], rule: ClusterRule, carried: ReadonlyMap<string, ReadonlySet<string>>) {
  const hit = groups.filter((g) => [...g.members].some((k) => carries(k, rule, carried)));
  if (hit.length === 0) return groups;
  const merged: Group = { members: new Set(hit.flatMap((g) => [...g.members])) };
  const forced = rule.targetClusterId ?? hit.find((g) => g.forcedId)?.forcedId;
  if (forced) merged.forcedId = forced;
  return [...groups.filter((g) => !hit.includes(g)), merged];
}

// A split moves the named issues (or every issue carrying the named signatures) into a group of
// their own.
function applySplit(groups: Group[], rule: ClusterRule, carried: ReadonlyMap<string, ReadonlySet<string>>) {
  const keys = new Set(rule.issueKeys ?? []);
  const leaves = (k: string) =>
    keys.size > 0 ? keys.has(k) : carries(k, { ...rule, issueKeys: [] }, carried);
  const moved = new Set<string>();
  for (const g of groups) {
    for (const k of [...g.members]) {
      if (!leaves(k)) continue;
      g.members.delete(k);
      moved.add(k);
    }
  }
  const kept = groups.filter((g) => g.members.size > 0);
  return moved.size === 0 ? kept : [...kept, { members: moved, forcedId: splitClusterId(rule) }];
}

// Rules run after grouping, in a fixed order (merges, then splits, each by rule id), so a curator's
// correction is re-applied identically after every re-ingest. `carried`: issue key → the ids of
// the signatures (normalized lines) it shows.
export function applyRules(
  groups: Group[],
  rules: readonly ClusterRule[],
  carried: ReadonlyMap<string, ReadonlySet<string>>,
): Group[] {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  let out = groups;
  for (const rule of sorted.filter((r) => r.kind === "merge")) out = applyMerge(out, rule, carried);
  for (const rule of sorted.filter((r) => r.kind === "split")) out = applySplit(out, rule, carried);
  return out;
}
