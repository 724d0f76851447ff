import type { EntryMeta } from "./documents.js";
import {
  byRepoAndNumber,
  type IndexedDoc,
  type MemberFilter,
  memberFilterOf,
  type SearchLookups,
  SHOWN_MEMBERS,
  type ShownMembers,
} from "./lookups.js";
import type { ClusterMeta, SearchIndex } from "./search-index.js";

/** The lookups answered from a loaded index (everything in memory, moved by catch-ups). */
export function memoryLookups(index: SearchIndex): SearchLookups {
  return {
    text: index.text,
    documentCount: async () => index.documentCount,
    features: async (templates) => templates.map((t) => index.features.match(t)),
    templates: async (templates, limit) => templates.map((t) => index.matcher.match(t, limit)),
    async signatureClusters(ids) {
      const out = new Map<string, string[]>();
      for (const id of ids) out.set(id, [...(index.sigClusters.get(id)?.keys() ?? [])]);
      return out;
    },
    async documents(rows) {
      const out = new Map<number, IndexedDoc>();
      for (const row of rows) {
        const docId = index.docsByRow.get(row);
        if (docId === undefined) continue;
        const issue = docId.startsWith("i:") ? index.issues.get(Number(docId.slice(2))) : undefined;
        const entry = docId.startsWith("e:") ? index.entries.get(docId.slice(2)) : undefined;
        if (issue) out.set(row, { kind: "issue", meta: issue });
        else if (entry) out.set(row, { kind: "entry", meta: entry });
      }
      return out;
    },
    async clusters(ids) {
      const out = new Map<string, ClusterMeta>();
      for (const id of ids) {
        const c = index.clusters.get(id);
        if (c) out.set(id, c);
      }
      return out;
    },
    async entriesOf(clusterIds) {
      const wanted = new Set(clusterIds);
      const out: EntryMeta[] = [];
      for (const e of index.entries.values())
        if (e.clusterId !== null && wanted.has(e.clusterId)) out.push(e);
      return out;
    },
    async memberFilters(clusterIds, filters) {
      const out = new Map<string, MemberFilter>();
      for (const id of clusterIds) out.set(id, memberFilterOf(filters, index.members.get(id) ?? []));
      return out;
    },
    async shown(requests, repo) {
      const out = new Map<string, ShownMembers>();
      for (const r of requests) {
        const all = index.members.get(r.clusterId) ?? [];
        const members = repo ? all.filter((m) => m.repo.toLowerCase() === repo) : all;
        const carrier =
          r.signature === null
            ? undefined
            : members.find((m) => m.samples.some((s) => s.signatureId === r.signature));
        out.set(r.clusterId, { members: members.slice(0, SHOWN_MEMBERS).sort(byRepoAndNumber), carrier });
      }
      return out;
    },
  };
}
