// In-memory GitHub data behind the emulator: per-repo indexes, the list queries GitHub's issue and
// comment endpoints answer, and the mutations tests use to simulate activity between syncs.
import { makeIssue } from "./github-shapes";
import {
  type AuthorAssociation,
  type Corpus,
  GITHUB_API,
  GITHUB_WEB,
  type GitHubComment,
  type GitHubIssue,
  type GitHubRepo,
  type GitHubUser,
  repoOfUrl,
} from "./github-types";

interface RepoData {
  repo: GitHubRepo;
  issues: GitHubIssue[];
  byNumber: Map<number, GitHubIssue>;
  comments: GitHubComment[];
  commentsByIssue: Map<number, GitHubComment[]>;
}

export interface ListQuery {
  sort: "created" | "updated" | "comments";
  direction: "asc" | "desc";
  /** Normalised to GitHub's second-precision ISO form so it compares as a string. */
  since: string | null;
}

type Sortable = { id: number; created_at: string; updated_at: string; comments?: number };

const EMULATOR_USER: GitHubUser = {
  login: "emulator-user",
  id: 9_999_001,
  node_id: "U_kgDOEMU",
  avatar_url: "https://avatars.githubusercontent.com/u/9999001?v=4",
  gravatar_id: "",
  url: `${GITHUB_API}/users/emulator-user`,
  html_url: `${GITHUB_WEB}/emulator-user`,
  type: "User",
  site_admin: false,
};

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function compareBy(sort: ListQuery["sort"]): (a: Sortable, b: Sortable) => number {
  return (a, b) => {
    let d = 0;
    if (sort === "comments") d = (a.comments ?? 0) - (b.comments ?? 0);
    else {
      const x = sort === "created" ? a.created_at : a.updated_at;
      const y = sort === "created" ? b.created_at : b.updated_at;
      d = x < y ? -1 : x > y ? 1 : 0;
    }
    return d !== 0 ? d : a.id - b.id;
  };
}

export class GitHubStore {
  private readonly repos = new Map<string, RepoData>();
  private readonly sorted = new Map<string, Sortable[]>();
  private readonly owned = new Set<GitHubIssue>();
  private clockMs = 0;
  private maxIssueId = 0;
  private maxCommentId = 0;

  constructor(corpus: Corpus) {
    // The corpus is shared with the caller (often reused across emulators): never mutate its objects,
    // copy an issue on its first change instead (see own()). Cloning 100k issues up front costs seconds.

    for (const repo of corpus.repos) {
      this.repos.set(repo.full_name.toLowerCase(), {
        repo,
        issues: [],
        byNumber: new Map(),
        comments: [],
        commentsByIssue: new Map(),
      });
    }
    for (const issue of corpus.issues) {
      const r = this.mustRepo(repoOfUrl(issue.url));
      r.issues.push(issue);
      r.byNumber.set(issue.number, issue);
      this.maxIssueId = Math.max(this.maxIssueId, issue.id);
      this.tick(issue.updated_at);
    }
    for (const c of corpus.comments) {
      const r = this.mustRepo(repoOfUrl(c.issue_url));
      const n = Number(c.issue_url.slice(c.issue_url.lastIndexOf("/") + 1));
      r.comments.push(c);
      const list = r.commentsByIssue.get(n) ?? [];
      list.push(c);
      r.commentsByIssue.set(n, list);
      this.maxCommentId = Math.max(this.maxCommentId, c.id);
      this.tick(c.updated_at);
    }
  }

  private tick(iso: string): void {
    this.clockMs = Math.max(this.clockMs, Date.parse(iso));
  }

  /** Mutation time: one second after the newest timestamp seen, so `since` cursors always see changes. */
  private now(): string {
    this.clockMs += 1000;
    return isoSeconds(this.clockMs);
  }

  private mustRepo(fullName: string): RepoData {
    const r = this.repos.get(fullName.toLowerCase());
    if (!r) throw new Error(`unknown repo ${fullName}`);
    return r;
  }

  repo(owner: string, name: string): GitHubRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase())?.repo;
  }

  issue(fullName: string, number: number): GitHubIssue | undefined {
    return this.repos.get(fullName.toLowerCase())?.byNumber.get(number);
  }

  listIssues(fullName: string, state: "open" | "closed" | "all", q: ListQuery): readonly GitHubIssue[] {
    const r = this.mustRepo(fullName);
    const all = this.sortedView(`${r.repo.full_name}:issues:${q.sort}`, r.issues, q.sort) as GitHubIssue[];
    const recent = sinceSlice(all, q);
    const out = state === "all" ? recent : recent.filter((i) => i.state === state);
    return q.direction === "desc" ? [...out].reverse() : out;
  }

  listComments(fullName: string, q: ListQuery, issueNumber?: number): readonly GitHubComment[] {
    const r = this.mustRepo(fullName);
    const source = issueNumber === undefined ? r.comments : (r.commentsByIssue.get(issueNumber) ?? []);
    const key = `${r.repo.full_name}:comments:${issueNumber ?? "*"}:${q.sort}`;
    const out = sinceSlice(this.sortedView(key, source, q.sort) as GitHubComment[], q);
    return q.direction === "desc" ? [...out].reverse() : out;
  }

  private sortedView(key: string, items: Sortable[], sort: ListQuery["sort"]): Sortable[] {
    let view = this.sorted.get(key);
    if (!view) {
      view = [...items].sort(compareBy(sort));
      this.sorted.set(key, view);
    }
    return view;
  }

  /** This emulator's private copy of an issue, made on its first mutation. */
  private own(r: RepoData, issue: GitHubIssue): GitHubIssue {
    if (this.owned.has(issue)) return issue;
    const copy: GitHubIssue = { ...issue };
    r.issues[r.issues.indexOf(issue)] = copy;
    r.byNumber.set(copy.number, copy);
    this.owned.add(copy);
    return copy;
  }

  /** Bumped on every mutation, so callers can cache rendered answers. */
  version = 0;

  private changed(): void {
    this.sorted.clear();
    this.version += 1;
  }

  editIssue(fullName: string, number: number, patch: Partial<GitHubIssue>): GitHubIssue {
    const r = this.mustRepo(fullName);
    const found = r.byNumber.get(number);
    if (!found) throw new Error(`no issue ${fullName}#${number}`);
    const issue = this.own(r, found);
    Object.assign(issue, patch);
    issue.updated_at = this.now();
    if (patch.state === "closed" && !patch.closed_at) issue.closed_at = issue.updated_at;
    if (patch.state === "open") Object.assign(issue, { closed_at: null, state_reason: "reopened" });
    this.changed();
    return issue;
  }

  addIssue(fullName: string, partial: Partial<GitHubIssue>): GitHubIssue {
    const r = this.mustRepo(fullName);
    const number = Math.max(0, ...r.byNumber.keys()) + 1;
    const at = this.now();
    this.maxIssueId += 1;
    const issue: GitHubIssue = {
      ...makeIssue({
        fullName: r.repo.full_name,
        id: this.maxIssueId,
        number,
        title: "New issue",
        body: null,
        user: EMULATOR_USER,
        association: "NONE",
        labels: [],
        createdAt: at,
        pr: null,
        plusOne: 0,
      }),
      ...partial,
    };
    r.issues.push(issue);
    r.byNumber.set(number, issue);
    this.owned.add(issue);
    this.changed();
    return issue;
  }

  addComment(
    fullName: string,
    issueNumber: number,
    body: string,
    user: GitHubUser = EMULATOR_USER,
    association: AuthorAssociation = "NONE",
  ): GitHubComment {
    const r = this.mustRepo(fullName);
    const found = r.byNumber.get(issueNumber);
    if (!found) throw new Error(`no issue ${fullName}#${issueNumber}`);
    const issue = this.own(r, found);
    const at = this.now();
    this.maxCommentId += 1;
    const id = this.maxCommentId;
    const comment: GitHubComment = {
      id,
      node_id: `IC_kwDO${id.toString(36).toUpperCase()}`,
      url: `${GITHUB_API}/repos/${r.repo.full_name}/issues/comments/${id}`,
      html_url: `${issue.html_url}#issuecomment-${id}`,
      issue_url: issue.url,
      body,
      user,
      created_at: at,
      updated_at: at,
      author_association: association,
      performed_via_github_app: null,
    };
    r.comments.push(comment);
    const list = r.commentsByIssue.get(issueNumber) ?? [];
    list.push(comment);
    r.commentsByIssue.set(issueNumber, list);
    issue.comments += 1;
    issue.updated_at = at;
    this.changed();
    return comment;
  }
}

/** Items updated at or after `since`; a binary search when the view is already in update order. */
function sinceSlice<T extends Sortable>(sorted: T[], q: ListQuery): T[] {
  const since = q.since;
  if (since === null) return sorted;
  if (q.sort !== "updated") return sorted.filter((x) => x.updated_at >= since);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as T).updated_at < since) lo = mid + 1;
    else hi = mid;
  }
  return sorted.slice(lo);
}

/** GitHub's `since`: any ISO 8601 time; null when unparseable. Rounded up to whole seconds. */
export function normaliseSince(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return isoSeconds(Math.ceil(ms / 1000) * 1000);
}
