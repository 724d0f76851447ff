import type { Database } from "../db/client.js";
import {
  clusterRowsById,
  entryDocsOfClusters,
  featurePostings,
  memberFilterRows,
  prefixFeatureHits,
  searchDocsByRow,
  shownMemberRows,
  signatureClusterRows,
  templateLookups,
} from "../db/queries/search-lookups.js";
import { specificity } from "../domain/evidence/features.js";
import { signatureId } from "../domain/signature/index.js";
import { WILDCARD } from "../domain/signature/types.js";
import type { EntryMeta, IssueMeta } from "./documents.js";
import {
  compareIds,
  type FeatureStats,
  featureQuery,
  MAX_CLUSTERS_PER_FEATURE,
  MAX_PREFIX_MATCHES,
  scoreFeatures,
} from "./feature-index.js";
import { FullText } from "./full-text.js";
import { positionKey, signatureKey, templateTokens, tokenKey } from "./keys.js";
import {
  byRepoAndNumber,
  type IndexedDoc,
  type MemberFilter,
  memberFilterOf,
  memberFilterValues,
  type SearchLookups,
  SHOWN_MEMBERS,
  type ShownMembers,
} from "./lookups.js";
import type { ClusterMeta } from "./search-index.js";
import { MAX_POSTING, NEAR_THRESHOLD, nearMatches, type TemplateMatch } from "./template-matcher.js";

export interface IndexCounts {
  /** Live documents (issues and entries). */
  documents: number;
  /** Live issues in a cluster that exists. */
  clustered: number;
}

const unique = <T>(items: Iterable<T>) => [...new Set(items)];

/**
 * The lookups answered from the database, per query: each asks for the query's own keys (features,
 * prefixes, template words, signatures, row ids, cluster ids) by index and reads only the rows they
 * lead to, so nothing of the corpus is held between searches and a search's reads do not grow with
 * the corpus. Each method is one database call (none when there is nothing to ask).
 */
export function databaseLookups(database: Database, counts: IndexCounts): SearchLookups {
  const { db } = database;
  return {
    text: new FullText(database),
    documentCount: async () => counts.documents,
    async features(templates) {
      const queries = templates.map(featureQuery);
      const prefixes = unique(queries.flatMap((q) => q.prefixes));
      const hits = prefixes.length > 0 ? await prefixFeatureHits(db, prefixes, MAX_PREFIX_MATCHES + 1) : [];
      const byPrefix = new Map<string, string[]>();
      for (const h of hits) {
        const prefix = prefixes[h.p] ?? "";
        byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), h.featureId]);
      }
      const ids = unique([
        ...queries.flatMap((q) => q.features.map((f) => f.id)),
        ...hits.map((h) => h.featureId),
      ]);
      const wholeIds = unique(queries.flatMap((q) => q.features.filter((f) => f.whole).map((f) => f.id)));
      const postings =
        ids.length > 0 ? await featurePostings(db, ids, wholeIds, MAX_CLUSTERS_PER_FEATURE) : [];
      const stats = new Map<string, FeatureStats>();
      const sizes = new Map<string, number>();
      for (const p of postings) {
        const s = stats.get(p.featureId) ?? {
          template: p.template,
          spec: specificity(p.template),
          issues: Number(p.issues),
          top: [],
        };
        s.top?.push([p.clusterId, { n: Number(p.n), whole: Number(p.whole) }]);
        stats.set(p.featureId, s);
        sizes.set(p.clusterId, Number(p.size));
      }
      for (const s of stats.values()) s.top?.sort((a, b) => b[1].n - a[1].n || compareIds(a[0], b[0]));
      return queries.map((q) =>
        scoreFeatures(
          q,
          q.prefixes.map((p) => byPrefix.get(p) ?? []),
          (id) => stats.get(id),
          { issueCount: counts.clustered, size: (id) => sizes.get(id) },
        ),
      );
    },
    async templates(templates, limit) {
      const queries = templates.map((t) => {
        const tokens = templateTokens(t);
        const constants = unique(tokens.filter((x) => x !== WILDCARD));
        return {
          tokens,
          constants,
          lookup: {
            exactId: signatureId(t),
            positions: tokens.flatMap((x, i) => (x === WILDCARD ? [] : [positionKey(tokens.length, i, x)])),
            tokens: constants.map(tokenKey),
            length: tokens.length,
          },
        };
      });
      if (queries.length === 0) return [];
      const rows = await templateLookups(
        db,
        queries.map((q) => q.lookup),
        MAX_POSTING,
        NEAR_THRESHOLD,
      );
      return queries.map((q, i): TemplateMatch[] => {
        const mine = rows.filter((r) => Number(r.q) === i);
        const exact = mine.find((r) => r.kind === "signature");
        if (exact)
          return [
            { signatureId: exact.signatureId, template: exact.template, kind: "signature", similarity: 1 },
          ];
        const covering = mine
          .filter((r) => r.kind === "template")
          .sort((a, b) => b.constants - a.constants || compareIds(a.signatureId, b.signatureId))[0];
        if (covering)
          return [
            {
              signatureId: covering.signatureId,
              template: covering.template,
              kind: "template",
              similarity: 1,
            },
          ];
        const near = mine
          .filter((r) => r.kind === "near")
          .map((r) => ({
            signatureId: r.signatureId,
            template: r.template,
            constants: Number(r.constants),
            common: Number(r.common),
          }));
        return nearMatches(q.tokens, q.constants.length, near, limit);
      });
    },
    async signatureClusters(ids) {
      const out = new Map<string, string[]>(ids.map((id) => [id, []]));
      if (ids.length === 0) return out;
      for (const r of await signatureClusterRows(db, ids)) out.get(r.signatureId)?.push(r.clusterId);
      return out;
    },
    async documents(rows) {
      const out = new Map<number, IndexedDoc>();
      if (rows.length === 0) return out;
      for (const r of await searchDocsByRow(db, rows)) {
        if (r.docId.startsWith("i:"))
          out.set(Number(r.id), { kind: "issue", meta: JSON.parse(r.meta) as IssueMeta });
        else out.set(Number(r.id), { kind: "entry", meta: JSON.parse(r.meta) as EntryMeta });
      }
      return out;
    },
    async clusters(ids) {
      const out = new Map<string, ClusterMeta>();
      if (ids.length === 0) return out;
      for (const r of await clusterRowsById(db, ids))
        out.set(r.id, {
          id: r.id,
          template: r.template,
          signatureIds: JSON.parse(r.signatureIds) as string[],
          issueCount: Number(r.issueCount),
          state: r.state as ClusterMeta["state"],
        });
      return out;
    },
    async entriesOf(clusterIds) {
      if (clusterIds.length === 0) return [];
      return (await entryDocsOfClusters(db, clusterIds)).map((r) => JSON.parse(r.meta) as EntryMeta);
    },
    async memberFilters(clusterIds, filters) {
      const none = memberFilterOf(filters, []);
      const out = new Map<string, MemberFilter>(clusterIds.map((id) => [id, none]));
      if (clusterIds.length === 0) return out;
      for (const r of await memberFilterRows(db, clusterIds, memberFilterValues(filters)))
        out.set(r.clusterId, {
          repo: Number(r.repo) === 1,
          component: Number(r.component) === 1,
          version: Number(r.version) === 1,
        });
      return out;
    },
    async shown(requests, repo) {
      const out = new Map<string, ShownMembers>(requests.map((r) => [r.clusterId, { members: [] }]));
      if (requests.length === 0) return out;
      const carriers = requests.flatMap((r): [string, string][] =>
        r.signature === null ? [] : [[r.clusterId, signatureKey(r.signature)]],
      );
      const clusterIds = unique(requests.map((r) => r.clusterId));
      for (const r of await shownMemberRows(db, clusterIds, carriers, repo, SHOWN_MEMBERS)) {
        const shown = out.get(r.clusterId);
        if (!shown) continue;
        const meta = JSON.parse(r.meta) as IssueMeta;
        if (r.kind === "carrier") shown.carrier = meta;
        else shown.members.push(meta);
      }
      for (const s of out.values()) s.members.sort(byRepoAndNumber);
      return out;
    },
  };
}
