import { z } from "zod";

// Only the fields the knowledge base keeps; everything else GitHub sends is ignored, not rejected.
const User = z.object({ login: z.string() }).nullable().optional();
// OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN, NONE.
const AuthorAssociation = z.string().max(40).nullable().optional();

export const GitHubIssue = z.object({
  id: z.number().int(),
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.enum(["open", "closed"]),
  state_reason: z.string().nullable().optional(),
  user: User,
  author_association: AuthorAssociation,
  labels: z.array(z.union([z.string(), z.object({ name: z.string().nullable().optional() })])).default([]),
  html_url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullable().optional(),
  pull_request: z.object({}).passthrough().nullable().optional(),
  reactions: z.object({ total_count: z.number() }).passthrough().optional(),
});
export type GitHubIssue = z.infer<typeof GitHubIssue>;

export const GitHubComment = z.object({
  id: z.number().int(),
  body: z.string().nullable().optional(),
  user: User,
  author_association: AuthorAssociation,
  html_url: z.string(),
  issue_url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type GitHubComment = z.infer<typeof GitHubComment>;

/** "https://github.com/SeldonIO/seldon-core/issues/12" → "SeldonIO/seldon-core": GitHub's own spelling. */
export function repoFromHtmlUrl(htmlUrl: string): string | null {
  const match = /^https?:\/\/[^/]+\/([^/]+)\/([^/]+)\/(?:issues|pull)\/\d+/.exec(htmlUrl);
  return match ? `${match[1]}/${match[2]}` : null;
}

export function issueNumberFromUrl(issueUrl: string): number | null {
  const match = /\/issues\/(\d+)$/.exec(issueUrl);
  return match ? Number(match[1]) : null;
}
