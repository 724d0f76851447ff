import { hash64 } from "../signature/hash";
import type { ClusterRule, SignatureInfo } from "./types";

// A working group of issues before it gets its public id. `forcedId` comes from a curator rule.
export interface Group {
  members: Set<string>;
  forcedId?: string;
}

export function splitClusterId(rule: ClusterRule): string {
  return `cl_${hash64(`split:${rule.id}`)}`;
}

function carries(sig: SignatureInfo | null, ids: ReadonlySet<string>): boolean {
  return sig !== null && (ids.has(sig.id) || ids.has(sig.baseId));
}

function applyMerge(
  groups: Group[],
  rule: ClusterRule,
  primaries: ReadonlyMap<string, SignatureInfo | null>,
) {
  const ids = new Set(rule.signatureIds);
  const hit = groups.filter((g) => [...g.members].some((k) => carries(primaries.get(k) ?? null, ids)));
  if (hit.length === 0) return groups;
  const merged: Group = { members: new Set(hit.flatMap((g) => [...g.members])) };
  const forced = rule.targetClusterId ?? hit.find((g) => g.forcedId)?.forcedId;
  if (forced) merged.forcedId = forced;
  return [...groups.filter((g) => !hit.includes(g)), merged];
}

function applySplit(
  groups: Group[],
  rule: ClusterRule,
  primaries: ReadonlyMap<string, SignatureInfo | null>,
) {
  const keys = new Set(rule.issueKeys ?? []);
  const ids = new Set(rule.signatureIds);
  const leaves = (k: string) => (keys.size > 0 ? keys.has(k) : carries(primaries.get(k) ?? null, ids));
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

// Rules run after mining, in a fixed order (merges, then splits, each by rule id), so a curator's
// correction is re-applied identically after every re-ingest.
export function applyRules(
  groups: Group[],
  rules: readonly ClusterRule[],
  primaries: ReadonlyMap<string, SignatureInfo | null>,
): Group[] {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  let out = groups;
  for (const rule of sorted.filter((r) => r.kind === "merge")) out = applyMerge(out, rule, primaries);
  for (const rule of sorted.filter((r) => r.kind === "split")) out = applySplit(out, rule, primaries);
  return out;
}
