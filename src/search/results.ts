import type { Candidate, CandidateView, FullTextHit } from "./candidates.js";
import type { IssueMeta } from "./documents.js";
import type { SearchLookups, ShownMembers } from "./lookups.js";
import type { IssueRef, SearchFilters, SearchHit } from "./types.js";

const SNIPPET_CHARS = 240;

const clip = (text: string) => (text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS - 1)}…` : text);

function refFromKey(key: string): IssueRef | null {
  const m = /^([\w.-]+\/[\w.-]+)#(\d+)$/.exec(key);
  if (!m?.[1] || !m[2]) return null;
  return { repo: m[1], number: Number(m[2]), title: key, url: `https://github.com/${m[1]}/issues/${m[2]}` };
}

/** Reads the members the chosen results show (one call), then decorates each. */
export async function decorateAll(
  lookups: SearchLookups,
  view: CandidateView,
  hits: FullTextHit[],
  chosen: Candidate[],
  filters: SearchFilters,
): Promise<SearchHit[]> {
  // One request per cluster: a cluster result asks for the member carrying its signature too.
  const requests = new Map<string, string | null>();
  for (const c of chosen) {
    if (c.clusterId === null) continue;
    const signature = c.type === "cluster" ? c.signature : null;
    requests.set(c.clusterId, requests.get(c.clusterId) ?? signature);
  }
  const repo = filters.repo?.toLowerCase() ?? null;
  const shown = await lookups.shown(
    [...requests].map(([clusterId, signature]) => ({ clusterId, signature })),
    repo,
  );
  const issues = new Map<number, IssueMeta>();
  for (const h of hits) if (h.doc.kind === "issue") issues.set(h.doc.meta.id, h.doc.meta);
  return chosen.map((c) =>
    decorate(c, {
      view,
      shown: c.clusterId ? shown.get(c.clusterId) : undefined,
      textIssue: c.textIssueId !== null ? issues.get(c.textIssueId) : undefined,
      repo,
    }),
  );
}

interface DecorateContext {
  view: CandidateView;
  shown: ShownMembers | undefined;
  /** The issue full text found for the candidate. */
  textIssue: IssueMeta | undefined;
  repo: string | null;
}

/** Turns a ranked candidate into what every surface shows: title, snippet, source issues, why. */
function decorate(c: Candidate, context: DecorateContext): SearchHit {
  const members = context.shown?.members ?? [];
  const cluster = c.clusterId ? context.view.clusters.get(c.clusterId) : undefined;
  const issues: IssueRef[] = members.map(({ repo, number, title, url }) => ({ repo, number, title, url }));
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
    const meta = context.textIssue;
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
    const entry = context.view.entries.find((e) => e.id === c.id);
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
  // The issue full text found, when no signature decided; else the first member carrying it.
  const textMember =
    !c.signature &&
    context.textIssue?.clusterId === c.clusterId &&
    (context.repo === null || context.textIssue?.repo.toLowerCase() === context.repo)
      ? context.textIssue
      : undefined;
  const carrier = textMember ?? context.shown?.carrier ?? members[0];
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
