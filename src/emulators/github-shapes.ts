// Builders for GitHub REST objects in their documented JSON shapes.
import {
  type AuthorAssociation,
  GITHUB_API,
  GITHUB_WEB,
  type GitHubComment,
  type GitHubIssue,
  type GitHubLabel,
  type GitHubReactions,
  type GitHubRepo,
  type GitHubUser,
} from "./github-types";

export function makeUser(login: string, id: number, type: GitHubUser["type"] = "User"): GitHubUser {
  return {
    login,
    id,
    node_id: `U_kgDO${id.toString(36).toUpperCase()}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url: `${GITHUB_API}/users/${login}`,
    html_url: `${GITHUB_WEB}/${login}`,
    type,
    site_admin: false,
  };
}

export function makeLabel(fullName: string, id: number, name: string, color: string): GitHubLabel {
  return {
    id,
    node_id: `LA_kwDO${id.toString(36).toUpperCase()}`,
    url: `${GITHUB_API}/repos/${fullName}/labels/${encodeURIComponent(name)}`,
    name,
    color,
    default: name === "bug" || name === "question" || name === "enhancement",
    description: null,
  };
}

export function makeReactions(url: string, plusOne: number, heart: number): GitHubReactions {
  return {
    url,
    total_count: plusOne + heart,
    "+1": plusOne,
    "-1": 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart,
    rocket: 0,
    eyes: 0,
  };
}

export function makeRepo(
  fullName: string,
  id: number,
  owner: GitHubUser,
  createdAt: string,
  description: string,
): GitHubRepo {
  const name = fullName.split("/")[1] ?? fullName;
  const url = `${GITHUB_API}/repos/${fullName}`;
  return {
    id,
    node_id: `R_kgDO${id.toString(36).toUpperCase()}`,
    name,
    full_name: fullName,
    private: false,
    owner,
    html_url: `${GITHUB_WEB}/${fullName}`,
    description,
    fork: false,
    url,
    issues_url: `${url}/issues{/number}`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    created_at: createdAt,
    updated_at: createdAt,
    pushed_at: createdAt,
    default_branch: name === "seldon-core" ? "v2" : "master",
    has_issues: true,
    open_issues_count: 0,
    archived: false,
    disabled: false,
    visibility: "public",
  };
}

export interface IssueFields {
  fullName: string;
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: GitHubUser;
  association: AuthorAssociation;
  labels: GitHubLabel[];
  createdAt: string;
  pr: { mergedAt: string | null } | null;
  plusOne: number;
}

export function makeIssue(f: IssueFields): GitHubIssue {
  const url = `${GITHUB_API}/repos/${f.fullName}/issues/${f.number}`;
  const issue: GitHubIssue = {
    id: f.id,
    node_id: `${f.pr ? "PR_kwDO" : "I_kwDO"}${f.id.toString(36).toUpperCase()}`,
    url,
    repository_url: `${GITHUB_API}/repos/${f.fullName}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${GITHUB_WEB}/${f.fullName}/${f.pr ? "pull" : "issues"}/${f.number}`,
    number: f.number,
    title: f.title,
    user: f.user,
    labels: f.labels,
    state: "open",
    state_reason: null,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: 0,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    closed_at: null,
    author_association: f.association,
    active_lock_reason: null,
    body: f.body,
    reactions: makeReactions(`${url}/reactions`, f.plusOne, 0),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
  };
  if (f.pr) {
    const pull = `${GITHUB_API}/repos/${f.fullName}/pulls/${f.number}`;
    const html = `${GITHUB_WEB}/${f.fullName}/pull/${f.number}`;
    issue.draft = false;
    issue.pull_request = {
      url: pull,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: f.pr.mergedAt,
    };
  }
  return issue;
}

export function makeComment(
  fullName: string,
  number: number,
  id: number,
  body: string,
  user: GitHubUser,
  association: AuthorAssociation,
  createdAt: string,
  updatedAt: string,
): GitHubComment {
  const url = `${GITHUB_API}/repos/${fullName}/issues/comments/${id}`;
  return {
    id,
    node_id: `IC_kwDO${id.toString(36).toUpperCase()}`,
    url,
    html_url: `${GITHUB_WEB}/${fullName}/issues/${number}#issuecomment-${id}`,
    issue_url: `${GITHUB_API}/repos/${fullName}/issues/${number}`,
    body,
    user,
    created_at: createdAt,
    updated_at: updatedAt,
    author_association: association,
    performed_via_github_app: null,
  };
}
