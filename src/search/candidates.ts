import type { Normalized } from "../domain/signature/index.js";
import type { EntryMeta } from "./documents.js";
import type { FeatureMatch } from "./feature-index.js";
import { type IndexedDoc, type MemberFilter, memberFilterOf } from "./lookups.js";
import type { ClusterMeta } from "./search-index.js";
import type { TemplateMatch } from "./template-matcher.js";
import type { MatchReason, SearchFilters } from "./types.js";

export interface LineEvidence {
  rank: number;
  line: string;
  normalized: Normalized;
  /** Clusters whose members show this error (the same chain suffixes), best first. */
  features: FeatureMatch[];
  /** Known lines worded alike, when no feature matched. */
  matches: TemplateMatch[];
}

export interface FullTextHit {
  doc: IndexedDoc;
  score: number;
  terms: string[];
}

/** What ranking reads of the index for one query (see lookups.ts): only the rows the query led to. */
export interface CandidateView {
  /** The clusters the evidence and the full-text hits name (those that exist). */
  clusters: Map<string, ClusterMeta>;
  /** Near-matched signature → clusters whose members carry it. */
  sigClusters: Map<string, string[]>;
  /** Entries written from those clusters, and those full text found. */
  entries: EntryMeta[];
  /** Per cluster, which member filters some member meets (absent: no member filter asked). */
  memberFilters: Map<string, MemberFilter> | null;
}

export interface Candidate {
  type: "entry" | "cluster" | "issue";
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

// Scores live in [0, ~1.2]: the pasted line shown by a member is 1, a shared cause 0.4–1 by how
// specific and rare it is, a similarly worded line at most 0.75, full text at most 0.65; the first
// error line of the query weighs most. A published entry outranks the cluster it was written from.
const TEXT_WEIGHT = 0.6;
const PUBLISHED_BONUS = 0.15;
const NEAR_BASE = 0.35;
const NEAR_SPAN = 0.4;
const MAX_WHY = 3;

function offer(
  best: Map<string, Scored>,
  clusterId: string,
  score: number,
  sig: string,
  template: string,
  reason: MatchReason,
) {
  const current = best.get(clusterId);
  if (!current) {
    best.set(clusterId, { score, signature: sig, template, why: [reason] });
    return;
  }
  if (current.why.length < MAX_WHY && !current.why.some((w) => w.line === reason.line))
    current.why.push(reason);
  if (score > current.score) Object.assign(current, { score, signature: sig, template });
}

function signatureScores(view: CandidateView, evidence: LineEvidence[]): Map<string, Scored> {
  const best = new Map<string, Scored>();
  for (const e of evidence) {
    const weight = 1 - 0.08 * e.rank;
    const reason = (kind: MatchReason["kind"], template: string, similarity: number): MatchReason => ({
      kind,
      line: e.line,
      template,
      queryTemplate: e.normalized.template,
      masked: e.normalized.masks,
      similarity: Math.round(similarity * 1000) / 1000,
      terms: [],
    });
    for (const m of e.features)
      offer(
        best,
        m.clusterId,
        weight * m.score,
        m.featureId,
        m.template,
        reason(m.kind, m.template, m.score),
      );
    for (const m of e.matches) {
      const score = weight * (NEAR_BASE + NEAR_SPAN * m.similarity);
      for (const clusterId of view.sigClusters.get(m.signatureId) ?? [])
        offer(best, clusterId, score, m.signatureId, m.template, reason("near", m.template, m.similarity));
    }
  }
  return best;
}

interface TextScore {
  norm: number;
  terms: string[];
  issueId: number;
}

function textScores(view: CandidateView, hits: FullTextHit[]) {
  const top = hits[0]?.score ?? 1;
  const clusters = new Map<string, TextScore>();
  const issues = new Map<number, TextScore>();
  const entries = new Map<string, { norm: number; terms: string[] }>();
  for (const h of hits) {
    const norm = h.score / top;
    if (h.doc.kind === "issue") {
      const meta = h.doc.meta;
      const clusterId = meta.clusterId !== null && view.clusters.has(meta.clusterId) ? meta.clusterId : null;
      if (clusterId === null) {
        if (!issues.has(meta.id)) issues.set(meta.id, { norm, terms: h.terms, issueId: meta.id });
      } else if (!clusters.has(clusterId))
        clusters.set(clusterId, { norm, terms: h.terms, issueId: meta.id });
    } else if (!entries.has(h.doc.meta.id)) entries.set(h.doc.meta.id, { norm, terms: h.terms });
  }
  return {
    clusters,
    issues,
    entries,
    issueMetas: hits.flatMap((h) => (h.doc.kind === "issue" ? [h.doc.meta] : [])),
  };
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

function passes(
  filters: SearchFilters,
  state: string | null,
  members: MemberFilter | undefined,
  entry?: EntryMeta,
): boolean {
  if (filters.state ? state !== filters.state : state === "ignored" || state === "draft") return false;
  const met = members ?? memberFilterOf(filters, []);
  const repo = filters.repo?.toLowerCase();
  if (repo && !(entry?.repos.some((r) => r.toLowerCase() === repo) || met.repo)) return false;
  const component = filters.component?.toLowerCase();
  if (component && !(entry?.components.includes(component) || met.component)) return false;
  const version = filters.version?.replace(/^v/i, "");
  const fits = (v: string) => v === version || v.startsWith(`${version}.`);
  if (version && !(entry?.versions.some(fits) || met.version)) return false;
  return true;
}

const byScore = (a: Candidate, b: Candidate) =>
  b.score - a.score ||
  (a.type === b.type
    ? a.id.localeCompare(b.id)
    : a.type === "entry"
      ? -1
      : b.type === "entry"
        ? 1
        : a.type === "cluster"
          ? -1
          : 1);

/** The clusters a query's evidence and full-text hits name: what the view must hold. */
export function candidateClusterIds(
  evidence: LineEvidence[],
  sigClusters: Map<string, string[]>,
  hits: FullTextHit[],
): string[] {
  const ids = new Set<string>();
  for (const e of evidence) {
    for (const m of e.features) ids.add(m.clusterId);
    for (const m of e.matches) for (const id of sigClusters.get(m.signatureId) ?? []) ids.add(id);
  }
  for (const h of hits) if (h.doc.meta.clusterId !== null) ids.add(h.doc.meta.clusterId);
  return [...ids];
}

export function collectCandidates(
  view: CandidateView,
  evidence: LineEvidence[],
  hits: FullTextHit[],
  filters: SearchFilters,
): Candidate[] {
  const signatures = signatureScores(view, evidence);
  const text = textScores(view, hits);
  const textLine = evidence[0]?.line ?? "";
  const clusterScore = new Map<string, number>();
  const out: Candidate[] = [];
  for (const clusterId of new Set([...signatures.keys(), ...text.clusters.keys()])) {
    const cluster = view.clusters.get(clusterId);
    if (!cluster) continue;
    const t = signatures.get(clusterId);
    const ft = text.clusters.get(clusterId);
    const norm = ft?.norm ?? 0;
    const score =
      Math.max(t?.score ?? 0, TEXT_WEIGHT * norm) + 0.05 * norm + 0.01 * Math.log10(1 + cluster.issueCount);
    clusterScore.set(clusterId, score);
    if (!passes(filters, cluster.state, view.memberFilters?.get(clusterId))) continue;
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
  const issueMetas = new Map(text.issueMetas.map((m) => [m.id, m]));
  for (const [issueId, ft] of text.issues) {
    const meta = issueMetas.get(issueId);
    if (!meta || !passes(filters, filters.state ? null : "new", memberFilterOf(filters, [meta]))) continue;
    out.push({
      type: "issue",
      id: `${meta.repo}#${meta.number}`,
      clusterId: null,
      score: TEXT_WEIGHT * ft.norm + 0.05 * ft.norm,
      signature: null,
      template: null,
      textIssueId: issueId,
      why: [textReason(textLine, ft.terms)],
    });
  }
  for (const entry of view.entries) {
    const fromCluster = entry.clusterId ? (clusterScore.get(entry.clusterId) ?? 0) : 0;
    const ft = text.entries.get(entry.id);
    const own = ft ? TEXT_WEIGHT * ft.norm + 0.05 * ft.norm : 0;
    const base = Math.max(fromCluster, own);
    if (base === 0) continue;
    const members = entry.clusterId ? view.memberFilters?.get(entry.clusterId) : undefined;
    if (!passes(filters, entry.state, members, entry)) continue;
    const t = entry.clusterId ? signatures.get(entry.clusterId) : undefined;
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
  return out.sort(byScore);
}
