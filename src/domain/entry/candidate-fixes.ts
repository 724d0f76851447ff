// Candidate fixes for a draft: the comments in a cluster's threads that most likely say how the
// problem was solved, each with the reasons it was picked. Deterministic; the curator decides.
import type { CandidateFix } from "./model";

export interface ThreadComment {
  issueKey: string;
  body: string;
  author: string | null;
  association: string | null;
  url: string;
  createdAt: string;
}

export interface Thread {
  key: string;
  author: string | null;
  /** "completed" when the issue was closed as fixed. */
  stateReason: string | null;
  closedAt: string | null;
  comments: ThreadComment[];
}

const MAINTAINERS = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);
const MAX_CANDIDATES = 5;
const MAX_TEXT = 1200;
const MIN_SCORE = 2;

const REFERENCE =
  /\b(?:fix(?:ed|es)?|resolv(?:ed|es)|clos(?:ed|es)|addressed)\s+(?:by|in|with|via)\s+(?:#\d+|[0-9a-f]{7,40}\b|https?:\/\/github\.com\/[^\s)]+\/(?:pull|commit|issues)\/[^\s)]+)|\bsee\s+#\d+/i;
const RELEASE =
  /\b(?:fixed|included|available|released|resolved|shipped|solved)\s+(?:in|since|with)\s+(?:version\s+|release\s+|v)?\d+\.\d+|\b(?:upgrad(?:e|ing)|updat(?:e|ing)|mov(?:e|ing)|bump(?:ing)?)\s+to\s+(?:version\s+)?v?\d+\.\d+|\btry\s+in\s+v?\d+\.\d+/i;
const HOW =
  /\b(?:workaround|the fix (?:is|was)|solution|solved|what worked|to fix (?:this|it)|you (?:need|have) to|make sure|set\s+`?[\w.-]+`?\s+to|restart(?:ing)?|reinstall(?:ing)?|delete the|add(?:ing)? (?:the|a)\s|increase|downgrade|instead of|root cause|caused by|because)\b/i;
const CONFIRMS =
  /\b(?:that|this|it)\s+(?:fixed|worked|solved|did it)|works now|fixed it|\bthat was it\b|confirmed fixed/i;
const CHATTER = /^(?:\+1|👍|same(?: issue)?(?: here)?\.?|following\.?|any (?:update|news)[^.]*\??)$/i;

interface Scored {
  comment: ThreadComment;
  score: number;
  why: string[];
}

const isBot = (author: string | null) => author?.endsWith("[bot]") ?? false;

function scoreComment(c: ThreadComment, thread: Thread): Scored | null {
  const text = c.body.trim();
  if (text.length < 12 || isBot(c.author) || CHATTER.test(text)) return null;
  const why: string[] = [];
  let score = 0;
  if (c.association && MAINTAINERS.has(c.association)) {
    score += 2;
    why.push(`maintainer (${c.association})`);
  }
  if (REFERENCE.test(text)) {
    score += 3;
    why.push("points at the fix (#N, commit or PR)");
  }
  if (RELEASE.test(text)) {
    score += 3;
    why.push("names the release with the fix");
  }
  if (HOW.test(text)) {
    score += 1.5;
    why.push("says how it was solved");
  }
  const signals = score - (why[0]?.startsWith("maintainer") ? 2 : 0);
  if (c.author !== thread.author && CONFIRMS.test(text)) {
    score += 1;
    why.push("says it worked for them");
  }
  // A comment that ends asking for information, and names no fix, is a question, not an answer.
  if (signals === 0 && text.endsWith("?")) score -= 2;
  if (c.author !== null && c.author === thread.author && CONFIRMS.test(text)) return null;
  return { comment: c, score, why };
}

function confirmations(thread: Thread, scored: Map<ThreadComment, Scored>): void {
  const comments = thread.comments;
  comments.forEach((c, i) => {
    if (i === 0 || c.author === null || c.author !== thread.author || !CONFIRMS.test(c.body)) return;
    for (let j = i - 1; j >= 0; j--) {
      const before = comments[j];
      if (!before || before.author === thread.author) continue;
      const s = scored.get(before);
      // A question before "that fixed it" did not fix anything.
      if (s && s.score > 0) {
        s.score += 2;
        s.why.push("the reporter said it worked");
      }
      break;
    }
  });
  if (thread.stateReason !== "completed" || !thread.closedAt) return;
  const closedAt = thread.closedAt;
  const last = [...comments]
    .reverse()
    .find((c) => c.createdAt <= closedAt && c.association !== null && MAINTAINERS.has(c.association));
  const s = last && scored.get(last);
  if (s) {
    s.score += 1;
    s.why.push("last maintainer word before the issue was closed as fixed");
  }
}

const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/** The best candidate fixes across a cluster's threads, best first, at most five, no two alike. */
export function candidateFixes(threads: Thread[]): CandidateFix[] {
  const all: Scored[] = [];
  for (const thread of threads) {
    const ordered = [...thread.comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const sorted = { ...thread, comments: ordered };
    const scored = new Map<ThreadComment, Scored>();
    for (const c of ordered) {
      const s = scoreComment(c, sorted);
      if (s) scored.set(c, s);
    }
    confirmations(sorted, scored);
    all.push(...scored.values());
  }
  all.sort(
    (a, b) =>
      b.score - a.score ||
      a.comment.createdAt.localeCompare(b.comment.createdAt) ||
      a.comment.url.localeCompare(b.comment.url),
  );
  const seen = new Set<string>();
  const out: CandidateFix[] = [];
  for (const s of all) {
    if (s.score < MIN_SCORE) break;
    // Alike = the same first paragraph once numbers are masked ("Fixed by #12." vs "Fixed by #34.").
    const key = (s.comment.body.trim().split(/\n\s*\n/)[0] ?? "")
      .toLowerCase()
      .replace(/#\d+|\d+(?:\.\d+)+/g, "#")
      .replace(/\s+/g, " ");
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      text: clip(s.comment.body.trim()),
      url: s.comment.url,
      author: s.comment.author ?? "unknown",
      why: `${s.comment.issueKey}: ${s.why.join("; ")}`,
    });
    if (out.length === MAX_CANDIDATES) break;
  }
  return out;
}
