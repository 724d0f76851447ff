import type { Normalized } from "../domain/signature/index.js";
import type { EntryMeta, IssueMeta } from "./documents.js";
import type { FeatureMatch } from "./feature-index.js";
import type { SearchIndex } from "./search-index.js";
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
  id: string;
  score: number;
  terms: string[];
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

function signatureScores(index: SearchIndex, evidence: LineEvidence[]): Map<string, Scored> {
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
      for (const clusterId of index.sigClusters.get(m.signatureId)?.keys() ?? [])
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

function textScores(index: SearchIndex, hits: FullTextHit[]) {
  const top = hits[0]?.score ?? 1;
  const clusters = new Map<string, TextScore>();
  const issues = new Map<number, TextScore>();
  const entries = new Map<string, { norm: number; terms: string[] }>();
  for (const h of hits) {
    const norm = h.score / top;
    if (h.id.startsWith("i:")) {
      const meta = index.issues.get(Number(h.id.slice(2)));
      if (!meta) continue;
      const clusterId = meta.clusterId !== null && index.clusters.has(meta.clusterId) ? meta.clusterId : null;
      if (clusterId === null) {
        if (!issues.has(meta.id)) issues.set(meta.id, { norm, terms: h.terms, issueId: meta.id });
      } else if (!clusters.has(clusterId))
        clusters.set(clusterId, { norm, terms: h.terms, issueId: meta.id });
    } else if (!entries.has(h.id.slice(2))) entries.set(h.id.slice(2), { norm, terms: h.terms });
  }
  return { clusters, issues, entries };
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
  members: IssueMeta[],
  entry?: EntryMeta,
): boolean {
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

export function collectCandidates(
  index: SearchIndex,
  evidence: LineEvidence[],
  hits: FullTextHit[],
  filters: SearchFilters,
): Candidate[] {
  const signatures = signatureScores(index, evidence);
  const text = textScores(index, hits);
  const textLine = evidence[0]?.line ?? "";
  const clusterScore = new Map<string, number>();
  const out: Candidate[] = [];
  for (const clusterId of new Set([...signatures.keys(), ...text.clusters.keys()])) {
    const cluster = index.clusters.get(clusterId);
    if (!cluster) continue;
    const t = signatures.get(clusterId);
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
  for (const [issueId, ft] of text.issues) {
    const meta = index.issues.get(issueId);
    if (!meta || !passes(filters, filters.state ? null : "new", [meta])) continue;
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
  for (const entry of index.entries.values()) {
    const fromCluster = entry.clusterId ? (clusterScore.get(entry.clusterId) ?? 0) : 0;
    const ft = text.entries.get(entry.id);
    const own = ft ? TEXT_WEIGHT * ft.norm + 0.05 * ft.norm : 0;
    const base = Math.max(fromCluster, own);
    if (base === 0) continue;
    const members = entry.clusterId ? (index.members.get(entry.clusterId) ?? []) : [];
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
