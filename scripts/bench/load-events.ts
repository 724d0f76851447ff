// The load benchmark's webhook traffic: GitHub-shaped issue and comment events over a generated
// corpus, each version with a strictly newer updated_at, plus what the database must hold once the
// acknowledged deliveries are applied (the newest acknowledged version of each row wins).
import { mulberry32, type Rand } from "./catalog-values.js";

type GitHubObject = Record<string, unknown> & { id: number; number: number; title: string; html_url: string };

export interface Version {
  kind: "issue" | "comment";
  id: number;
  updatedAt: string;
  /** Issues: the title; comments: the body; null for a deleted comment. */
  text: string | null;
  /** Issue versions carry a unique word in the title, so search can tell when they are visible. */
  marker?: string;
}

export interface Delivery {
  id: string;
  event: "issues" | "issue_comment";
  body: string;
  /** The row versions this delivery carries (a comment event also carries its issue). */
  versions: Version[];
  /** Send no earlier than this (ms after the load phase began): late and redelivered events. */
  notBefore: number;
  redelivery: boolean;
}

interface IssueState {
  template: GitHubObject;
  repo: string;
  id: number;
  number: number;
  baseTitle: string;
  latest: Version;
}

interface CommentState {
  issue: IssueState;
  id: number;
  createdAt: string;
  latest: Version;
}

const BASE_TIME = Date.parse("2030-01-01T00:00:00Z");

export class WebhookTraffic {
  private readonly rand: Rand;
  private seq = 0;
  private readonly issues: IssueState[] = [];
  private readonly comments: CommentState[] = [];
  private readonly pending: Delivery[] = [];
  /** Issues whose visibility is being timed: not edited meanwhile, so their marker stays theirs. */
  readonly frozen = new Set<number>();
  readonly counts = {
    opened: 0,
    edited: 0,
    commented: 0,
    commentEdits: 0,
    deleted: 0,
    outOfOrder: 0,
    redelivered: 0,
  };

  constructor(
    templates: GitHubObject[],
    private readonly options: { redeliverRatio: number; outOfOrderRatio: number; seed: number },
  ) {
    this.rand = mulberry32(options.seed);
    for (const t of templates) {
      const repo = /github\.com\/([^/]+\/[^/]+)\//.exec(t.html_url)?.[1] ?? "SeldonIO/seldon-core";
      this.issues.push({
        template: t,
        repo,
        id: t.id,
        number: t.number,
        baseTitle: t.title,
        latest: { kind: "issue", id: t.id, updatedAt: String(t.updated_at), text: t.title },
      });
    }
  }

  private next(): { n: number; at: string } {
    this.seq += 1;
    return { n: this.seq, at: new Date(BASE_TIME + this.seq * 1000).toISOString().replace(".000Z", "Z") };
  }

  private pick<T>(xs: T[]): T {
    return xs[Math.floor(this.rand() * xs.length)] as T;
  }

  private issuePayload(s: IssueState, v: Version): GitHubObject {
    const created = s.template.created_at ?? v.updatedAt;
    return {
      ...s.template,
      id: s.id,
      number: s.number,
      title: v.text ?? "",
      html_url: `https://github.com/${s.repo}/issues/${s.number}`,
      url: `https://api.github.com/repos/${s.repo}/issues/${s.number}`,
      created_at: created,
      updated_at: v.updatedAt,
      state: "open",
      pull_request: undefined,
    };
  }

  private commentPayload(c: CommentState, v: Version, body: string) {
    const { repo, number } = c.issue;
    return {
      id: c.id,
      body,
      user: { login: "load-bench" },
      html_url: `https://github.com/${repo}/issues/${number}#issuecomment-${c.id}`,
      issue_url: `https://api.github.com/repos/${repo}/issues/${number}`,
      created_at: c.createdAt,
      updated_at: v.updatedAt,
    };
  }

  private enqueue(event: Delivery["event"], payload: unknown, versions: Version[], notBefore: number): void {
    const delivery: Delivery = {
      id: crypto.randomUUID(),
      event,
      body: JSON.stringify(payload),
      versions,
      notBefore,
      redelivery: false,
    };
    this.pending.push(delivery);
    if (this.rand() < this.options.redeliverRatio) {
      this.counts.redelivered += 1;
      this.pending.push({ ...delivery, redelivery: true, notBefore: notBefore + 50 + this.rand() * 1000 });
    }
  }

  private issueVersion(s: IssueState): Version {
    const { n, at } = this.next();
    const marker = `kbload${n}z`;
    return { kind: "issue", id: s.id, updatedAt: at, text: `${s.baseTitle} ${marker}`, marker };
  }

  private openIssue(now: number): void {
    const template = this.pick(this.issues).template;
    const { n } = this.next();
    const repo = /github\.com\/([^/]+\/[^/]+)\//.exec(template.html_url)?.[1] ?? "SeldonIO/seldon-core";
    const s: IssueState = {
      template,
      repo,
      id: 900_000_000 + n,
      number: 500_000 + n,
      baseTitle: template.title,
      latest: null as never,
    };
    s.latest = this.issueVersion(s);
    this.issues.push(s);
    this.counts.opened += 1;
    this.enqueue("issues", { action: "opened", issue: this.issuePayload(s, s.latest) }, [s.latest], now);
  }

  private editIssue(now: number): void {
    const s = this.pick(this.issues);
    if (this.frozen.has(s.id)) {
      this.addComment(now);
      return;
    }
    const first = this.issueVersion(s);
    this.counts.edited += 1;
    if (this.rand() < this.options.outOfOrderRatio) {
      // GitHub does not order deliveries: the newer edit arrives first, the older one 300 ms later.
      const second = this.issueVersion(s);
      s.latest = second;
      this.counts.outOfOrder += 1;
      this.enqueue("issues", { action: "edited", issue: this.issuePayload(s, second) }, [second], now);
      this.enqueue("issues", { action: "edited", issue: this.issuePayload(s, first) }, [first], now + 300);
      return;
    }
    s.latest = first;
    this.enqueue("issues", { action: "edited", issue: this.issuePayload(s, first) }, [first], now);
  }

  private commentEvent(c: CommentState, action: string, v: Version, body: string, now: number): void {
    const issue = c.issue;
    const payload = {
      action,
      issue: this.issuePayload(issue, issue.latest),
      comment: this.commentPayload(c, v, body),
    };
    this.enqueue("issue_comment", payload, [issue.latest, v], now);
  }

  private addComment(now: number): void {
    const issue = this.pick(this.issues);
    const { n, at } = this.next();
    const c: CommentState = { issue, id: 800_000_000 + n, createdAt: at, latest: null as never };
    c.latest = { kind: "comment", id: c.id, updatedAt: at, text: `load comment ${n}` };
    this.comments.push(c);
    this.counts.commented += 1;
    this.commentEvent(c, "created", c.latest, c.latest.text ?? "", now);
  }

  private editComment(now: number): void {
    const live = this.comments.filter((c) => c.latest.text !== null);
    if (live.length === 0) {
      this.addComment(now);
      return;
    }
    const c = this.pick(live);
    const { n, at } = this.next();
    c.latest = { kind: "comment", id: c.id, updatedAt: at, text: `load comment edited ${n}` };
    this.counts.commentEdits += 1;
    this.commentEvent(c, "edited", c.latest, c.latest.text ?? "", now);
  }

  private deleteComment(now: number): void {
    const live = this.comments.filter((c) => c.latest.text !== null);
    if (live.length === 0) {
      this.addComment(now);
      return;
    }
    const c = this.pick(live);
    const last = c.latest;
    // A deletion carries the comment's last updated_at; a tie with that edit is the deletion.
    c.latest = { kind: "comment", id: c.id, updatedAt: last.updatedAt, text: null };
    this.counts.deleted += 1;
    this.commentEvent(c, "deleted", c.latest, last.text ?? "", now);
    if (this.rand() < this.options.outOfOrderRatio) {
      this.counts.outOfOrder += 1;
      this.commentEvent(c, "edited", last, last.text ?? "", now + 300);
    }
  }

  /** Generates one change (an event, maybe its late twin and its redelivery) at `now` ms. */
  generate(now: number): void {
    const r = this.rand();
    if (r < 0.3) this.openIssue(now);
    else if (r < 0.55) this.editIssue(now);
    else if (r < 0.85) this.addComment(now);
    else if (r < 0.93) this.editComment(now);
    else this.deleteComment(now);
  }

  /** Deliveries due at `now`, oldest first; generates fresh ones when none are waiting. */
  take(now: number): Delivery | undefined {
    const i = this.pending.findIndex((d) => d.notBefore <= now);
    if (i < 0) {
      this.generate(now);
      return this.take(now);
    }
    return this.pending.splice(i, 1)[0];
  }

  /** Redeliveries and late twins still waiting when the run ends. */
  leftover(): number {
    return this.pending.length;
  }
}

/**
 * What the database must hold: per row, the newest version among acknowledged deliveries (a tie
 * between an edit and a deletion is the deletion). Rows touched by a failed delivery are unknown.
 */
export function expectedState(acknowledged: Delivery[], failed: Delivery[]) {
  const unknown = new Set(failed.flatMap((d) => d.versions.map((v) => `${v.kind}:${v.id}`)));
  const newest = new Map<string, Version>();
  for (const d of acknowledged) {
    for (const v of d.versions) {
      const key = `${v.kind}:${v.id}`;
      const had = newest.get(key);
      const later = !had || v.updatedAt > had.updatedAt || (v.updatedAt === had.updatedAt && v.text === null);
      if (later) newest.set(key, v);
    }
  }
  for (const key of unknown) newest.delete(key);
  return { rows: newest, unknown: unknown.size };
}
