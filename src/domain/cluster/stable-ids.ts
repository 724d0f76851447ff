import type { Group } from "./groups";

interface Claim {
  group: number;
  id: string;
  count: number;
}

// A previous id goes to the group holding most of its former members; ids are used once.
export function assignIds(
  groups: readonly Group[],
  previous: { get(key: string): string | undefined },
  freshId: (group: Group) => string,
  reserved: ReadonlySet<string> = new Set(),
): string[] {
  const ids: (string | undefined)[] = groups.map((g) => g.forcedId);
  const used = new Set(ids.filter((x): x is string => x !== undefined));
  for (const id of reserved) used.add(id);
  const claims: Claim[] = [];
  groups.forEach((g, group) => {
    if (g.forcedId) return;
    const counts = new Map<string, number>();
    for (const k of g.members) {
      const p = previous.get(k);
      if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    for (const [id, count] of counts) claims.push({ group, id, count });
  });
  claims.sort((a, b) => b.count - a.count || a.id.localeCompare(b.id) || a.group - b.group);
  for (const c of claims) {
    if (ids[c.group] !== undefined || used.has(c.id)) continue;
    ids[c.group] = c.id;
    used.add(c.id);
  }
  return groups.map((g, i) => {
    const known = ids[i];
    if (known !== undefined) return known;
    let id = freshId(g);
    for (let n = 2; used.has(id); n++) id = `${freshId(g)}-${n}`;
    used.add(id);
    return id;
  });
}
