import type { Candidate } from "./candidates.js";
import type { SearchIndex } from "./search-index.js";
import type { IssueRef, SearchFilters, SearchHit } from "./types.js";

const ISSUES_PER_RESULT = 5;
const SNIPPET_CHARS = 240;

const clip = (text: string) => (text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS - 1)}…` : text);

function refFromKey(key: string): IssueRef | null {
  const m = /^([\w.-]+\/[\w.-]+)#(\d+)$/.exec(key);
  if (!m?.[1] || !m[2]) return null;
  return { repo: m[1], number: Number(m[2]), title: key, url: `https://github.com/${m[1]}/issues/${m[2]}` };
}

/** Turns a ranked candidate into what every surface shows: title, snippet, source issues, why. */
export function decorate(index: SearchIndex, c: Candidate, filters: SearchFilters = {}): SearchHit {
  const all = c.clusterId ? (index.members.get(c.clusterId) ?? []) : [];
  const repo = filters.repo?.toLowerCase();
  // With a repo filter the issues shown come from that repo.
  const members = repo ? all.filter((m) => m.repo.toLowerCase() === repo) : all;
  const cluster = c.clusterId ? index.clusters.get(c.clusterId) : undefined;
  const issues: IssueRef[] = members
    .slice(0, ISSUES_PER_RESULT)
    .map(({ repo, number, title, url }) => ({ repo, number, title, url }));
  const common = {
    id: c.id,
    score: Math.round(c.score * 10_000) / 10_000,
    clusterId: c.clusterId,
    signature: c.signature,
    template: c.template,
    issueCount: cluster?.issueCount ?? members.length,
    why: c.why,
  };
  if (c.type === "issue") {
    const meta = c.textIssueId !== null ? index.issues.get(c.textIssueId) : undefined;
    const ref = meta ? [{ repo: meta.repo, number: meta.number, title: meta.title, url: meta.url }] : [];
    return {
      ...common,
      type: "issue",
      title: meta?.title ?? c.id,
      snippet: clip(meta?.samples[0]?.sample ?? meta?.title ?? ""),
      state: "unclustered",
      issueCount: ref.length,
      issues: ref,
    };
  }
  if (c.type === "entry") {
    const entry = index.entries.get(c.id);
    const sources =
      issues.length > 0 ? issues : (entry?.sourceIssues.map(refFromKey).filter((r) => r !== null) ?? []);
    return {
      ...common,
      type: "entry",
      title: entry?.title ?? c.id,
      snippet: clip(entry?.snippet ?? ""),
      state: entry?.state ?? "published",
      issues: sources,
    };
  }
  const carrier =
    members.find((m) => m.id === c.textIssueId && !c.signature) ??
    members.find((m) => m.samples.some((s) => s.signatureId === c.signature)) ??
    members[0];
  const sample =
    carrier?.samples.find((s) => s.signatureId === c.signature)?.sample ?? carrier?.samples[0]?.sample ?? "";
  return {
    ...common,
    type: "cluster",
    title: carrier?.title ?? cluster?.template ?? c.id,
    snippet: clip(sample || (cluster?.template ?? "")),
    state: cluster?.state ?? "new",
    issues,
  };
}
