// GitHub REST object shapes as documented (and as captured in @octokit/fixtures), reduced to the
// fields this project reads or that a faithful client may rely on. Shared by the corpus generator
// and the emulator so fixture data and served data cannot drift apart.

export interface GitHubUser {
  login: string;
  id: number;
  node_id: string;
  avatar_url: string;
  gravatar_id: string;
  url: string;
  html_url: string;
  type: "User" | "Bot" | "Organization";
  site_admin: boolean;
}

export interface GitHubLabel {
  id: number;
  node_id: string;
  url: string;
  name: string;
  color: string;
  default: boolean;
  description: string | null;
}

export interface GitHubReactions {
  url: string;
  total_count: number;
  "+1": number;
  "-1": number;
  laugh: number;
  hooray: number;
  confused: number;
  heart: number;
  rocket: number;
  eyes: number;
}

export interface GitHubPullRequestRef {
  url: string;
  html_url: string;
  diff_url: string;
  patch_url: string;
  merged_at: string | null;
}

export type AuthorAssociation = "OWNER" | "MEMBER" | "COLLABORATOR" | "CONTRIBUTOR" | "NONE";

export interface GitHubRepo {
  id: number;
  node_id: string;
  name: string;
  full_name: string;
  private: boolean;
  owner: GitHubUser;
  html_url: string;
  description: string | null;
  fork: boolean;
  url: string;
  issues_url: string;
  issue_comment_url: string;
  created_at: string;
  updated_at: string;
  pushed_at: string;
  default_branch: string;
  has_issues: boolean;
  open_issues_count: number;
  archived: boolean;
  disabled: boolean;
  visibility: "public";
}

export interface GitHubIssue {
  id: number;
  node_id: string;
  url: string;
  repository_url: string;
  labels_url: string;
  comments_url: string;
  events_url: string;
  html_url: string;
  number: number;
  title: string;
  user: GitHubUser;
  labels: GitHubLabel[];
  state: "open" | "closed";
  state_reason: "completed" | "not_planned" | "reopened" | null;
  locked: boolean;
  assignee: GitHubUser | null;
  assignees: GitHubUser[];
  milestone: null;
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  author_association: AuthorAssociation;
  active_lock_reason: null;
  body: string | null;
  reactions: GitHubReactions;
  timeline_url: string;
  performed_via_github_app: null;
  draft?: boolean;
  pull_request?: GitHubPullRequestRef;
}

export interface GitHubComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: GitHubUser;
  created_at: string;
  updated_at: string;
  author_association: AuthorAssociation;
  reactions?: GitHubReactions;
  performed_via_github_app: null;
}

/** A synthetic GitHub dataset plus the intended error family of every issue ("Owner/repo#number"). */
export interface Corpus {
  repos: GitHubRepo[];
  issues: GitHubIssue[];
  comments: GitHubComment[];
  families: Record<string, string | null>;
  /** Issue key → id of the maintainer comment that says what fixed it (issues closed as fixed). */
  fixes?: Record<string, number>;
}

export const GITHUB_API = "https://api.github.com";
export const GITHUB_WEB = "https://github.com";

/** "Owner/repo" of an issue or comment, read back from its API URL. */
export function repoOfUrl(url: string): string {
  const m = /\/repos\/([^/]+)\/([^/]+)\//.exec(url);
  if (!m) throw new Error(`not a repo URL: ${url}`);
  return `${m[1]}/${m[2]}`;
}
