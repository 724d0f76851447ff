import type { Normalized } from "../domain/signature/index.js";
import type { EntryMeta, IssueMeta } from "./documents.js";
import type { SearchIndex } from "./search-index.js";
import type { TemplateMatch } from "./template-matcher.js";
import type { MatchReason, SearchFilters } from "./types.js";

export interface LineEvidence {
  rank: number;
  line: string;
  normalized: Normalized;
  matches: TemplateMatch[];
}

export interface FullTextHit {
  id: string;
  score: number;
  terms: string[];
}

export interface Candidate {
  type: "entry" | "cluster";
  id: string;
  clusterId: string | null;
  score: number;
  signature: string | null;
  template: string | null;
  textIssueId: number | null;
  why: MatchReason[];
}

interface Scored {
  score: number;
  signature: string | null;
  template: string | null;
  why: MatchReason[];
}

// Scores live in [0, ~1.2]: a signature or covering template is 1, a near template 0.69–0.85, full
// text at most 0.65; the first error line of the query weighs most. A published entry gets a
// bonus so it outranks the raw cluster it was written from.
const TEXT_WEIGHT = 0.6;
const PUBLISHED_BONUS = 0.15;

function templateScores(index: SearchIndex, evidence: LineEvidence[]): Map<string, Scored> {
  const best = new Map<string, Scored>();
  for (const e of evidence) {
    const weight = 1 - 0.08 * e.rank;
    for (const m of e.matches) {
      const byCluster = index.sigClusters.get(m.signatureId);
      if (!byCluster) continue;
      const base = m.kind === "near" ? 0.45 + 0.4 * m.similarity : 1;
      const most = Math.max(...byCluster.values());
      const reason: MatchReason = {
        kind: m.kind,
        line: e.line,
        template: m.template,
        queryTemplate: e.normalized.template,
        masked: e.normalized.masks,
        similarity: Math.round(m.similarity * 1000) / 1000,
        terms: [],
      };
      for (const [clusterId, count] of byCluster) {
        const score = weight * base * (0.9 + (0.1 * count) / most);
        const current = best.get(clusterId);
        if (!current)
          best.set(clusterId, { score, signature: m.signatureId, template: m.template, why: [reason] });
        else {
          if (current.why.length < 3 && !current.why.some((w) => w.line === reason.line))
            current.why.push(reason);
          if (score > current.score)
            Object.assign(current, { score, signature: m.signatureId, template: m.template });
        }
      }
    }
  }
  return best;
}

function textScores(index: SearchIndex, hits: FullTextHit[]) {
  const top = hits[0]?.score ?? 1;
  const clusters = new Map<string, { norm: number; terms: string[]; issueId: number }>();
  const entries = new Map<string, { norm: number; terms: string[] }>();
  for (const h of hits) {
    const norm = h.score / top;
    if (h.id.startsWith("i:")) {
      const meta = index.issues.get(Number(h.id.slice(2)));
      if (meta && !clusters.has(meta.clusterId))
        clusters.set(meta.clusterId, { norm, terms: h.terms, issueId: meta.id });
    } else if (!entries.has(h.id.slice(2))) entries.set(h.id.slice(2), { norm, terms: h.terms });
  }
  return { clusters, entries };
}

const textReason = (line: string, terms: string[]): MatchReason => ({
  kind: "text",
  line,
  template: null,
  queryTemplate: null,
  masked: [],
  similarity: null,
  terms,
});

function passes(filters: SearchFilters, state: string, members: IssueMeta[], entry?: EntryMeta): boolean {
  if (filters.state ? state !== filters.state : state === "ignored" || state === "draft") return false;
  const repo = filters.repo?.toLowerCase();
  if (
    repo &&
    !(
      entry?.repos.some((r) => r.toLowerCase() === repo) || members.some((m) => m.repo.toLowerCase() === repo)
    )
  )
    return false;
  const component = filters.component?.toLowerCase();
  if (
    component &&
    !(entry?.components.includes(component) || members.some((m) => m.components.includes(component)))
  )
    return false;
  const version = filters.version?.replace(/^v/i, "");
  const fits = (v: string) => v === version || v.startsWith(`${version}.`);
  if (version && !(entry?.versions.some(fits) || members.some((m) => m.versions.some(fits)))) return false;
  return true;
}

export function collectCandidates(
  index: SearchIndex,
  evidence: LineEvidence[],
  hits: FullTextHit[],
  filters: SearchFilters,
): Candidate[] {
  const templates = templateScores(index, evidence);
  const text = textScores(index, hits);
  const textLine = evidence[0]?.line ?? "";
  const clusterScore = new Map<string, number>();
  const out: Candidate[] = [];
  for (const clusterId of new Set([...templates.keys(), ...text.clusters.keys()])) {
    const cluster = index.clusters.get(clusterId);
    if (!cluster) continue;
    const t = templates.get(clusterId);
    const ft = text.clusters.get(clusterId);
    const norm = ft?.norm ?? 0;
    const score =
      Math.max(t?.score ?? 0, TEXT_WEIGHT * norm) + 0.05 * norm + 0.01 * Math.log10(1 + cluster.issueCount);
    clusterScore.set(clusterId, score);
    if (!passes(filters, cluster.state, index.members.get(clusterId) ?? [])) continue;
    out.push({
      type: "cluster",
      id: clusterId,
      clusterId,
      score,
      signature: t?.signature ?? null,
      template: t?.template ?? cluster.template,
      textIssueId: ft?.issueId ?? null,
      why: [...(t?.why ?? []), ...(ft ? [textReason(textLine, ft.terms)] : [])],
    });
  }
  for (const entry of index.entries.values()) {
    const fromCluster = entry.clusterId ? (clusterScore.get(entry.clusterId) ?? 0) : 0;
    const ft = text.entries.get(entry.id);
    const own = ft ? TEXT_WEIGHT * ft.norm + 0.05 * ft.norm : 0;
    const base = Math.max(fromCluster, own);
    if (base === 0) continue;
    const members = entry.clusterId ? (index.members.get(entry.clusterId) ?? []) : [];
    if (!passes(filters, entry.state, members, entry)) continue;
    const t = entry.clusterId ? templates.get(entry.clusterId) : undefined;
    out.push({
      type: "entry",
      id: entry.id,
      clusterId: entry.clusterId,
      score: base + (entry.state === "published" ? PUBLISHED_BONUS : 0),
      signature: t?.signature ?? null,
      template: t?.template ?? null,
      textIssueId: null,
      why: [...(t?.why ?? []), ...(ft ? [textReason(textLine, ft.terms)] : [])],
    });
  }
  return out.sort(
    (a, b) =>
      b.score - a.score || (a.type === b.type ? a.id.localeCompare(b.id) : a.type === "entry" ? -1 : 1),
  );
}
