// One issue's thread: its text, its fate (open, fixed, closed as stale) and the comments around it.

import { makeIssue, makeLabel } from "../../src/emulators/github-shapes";
import type {
  AuthorAssociation,
  GitHubIssue,
  GitHubLabel,
  GitHubRepo,
  GitHubUser,
} from "../../src/emulators/github-types";
import { CORE, type Ctx, type Family, makeCtx, type Snippet } from "./families";
import { FAMILY_FIXES } from "./fixes";
import type { Rng } from "./prng";
import {
  ASKS,
  CHATTER,
  CORE_VERSIONS,
  errorIssueBody,
  FIXES,
  noiseIssue,
  prTitle,
  SAME_HERE,
  STALE,
  THANKS,
} from "./texts";
import { infoNoise, iso } from "./wrappers";

export interface People {
  users: GitHubUser[];
  maintainers: GitHubUser[];
  staleBot: GitHubUser;
  depBot: GitHubUser;
}

type Fate = "open" | "completed" | "not_planned";

export interface IssuePlan {
  repo: GitHubRepo;
  number: number;
  family: Family | null;
  issue: GitHubIssue;
  fate: Fate;
  /** Comment bodies the thread must open with (the logs when the body has none). */
  lead: string[];
  /** A second paste of the same error in another wrapper, posted mid-thread. */
  extra: string | null;
  required: number;
}

interface PlanInput {
  repo: GitHubRepo;
  number: number;
  id: number;
  kind: "error" | "noise" | "pr";
  family: Family | null;
  created: number;
}

const LANGS = ["", "", "console", "text", "log", "shell"];
const LABEL_COLORS: Record<string, string> = {
  bug: "d73a4a",
  question: "d876e3",
  enhancement: "a2eeef",
  triage: "fbca04",
  stale: "ededed",
  v2: "0e8a16",
};

const labelCache = new Map<string, GitHubLabel>();
/** Labels are shared objects: they are identical across issues and re-creating them costs memory at 100k issues. */
function label(repo: GitHubRepo, name: string): GitHubLabel {
  const key = `${repo.full_name}:${name}`;
  let found = labelCache.get(key);
  if (!found) {
    const id = 7_000_000 + repo.id * 100 + Object.keys(LABEL_COLORS).indexOf(name);
    found = makeLabel(repo.full_name, id, name, LABEL_COLORS[name] ?? "cccccc");
    labelCache.set(key, found);
  }
  return found;
}

function logBlock(c: Ctx, family: Family): string {
  const snippet: Snippet = c.rng.pick(family.render)(c);
  if (snippet.noise === null || c.rng.chance(0.35)) return snippet.lines.join("\n");
  const before = infoNoise(c.rng, snippet.noise, c.epoch, c.rng.int(1, 6));
  const after = infoNoise(c.rng, snippet.noise, c.epoch + 30, c.rng.int(0, 3));
  return [...before, ...snippet.lines, ...after].join("\n");
}

const fence = (c: Ctx, text: string) => `\`\`\`${c.rng.pick(LANGS)}\n${text}\n\`\`\``;

export function planIssue(rng: Rng, people: People, p: PlanInput): IssuePlan {
  const c = makeCtx(rng, p.created - rng.int(60, 7200));
  const isCore = p.repo.full_name === CORE;
  const author = rng.pick(people.users);
  let title: string;
  let body: string;
  let labels: string[] = [];
  let lead: string[] = [];
  let extra: string | null = null;
  let pr: { mergedAt: string | null } | null = null;
  let user = author;
  if (p.kind === "error" && p.family) {
    const inComment = rng.chance(0.15);
    const block = logBlock(c, p.family);
    title = rng.pick(p.family.titles);
    body = errorIssueBody(c, isCore, inComment ? null : block, rng.pick(LANGS), p.family.line);
    if (inComment) lead = [`Here are the logs:\n\n${fence(c, block)}`];
    if (rng.chance(0.2))
      extra = `${rng.pick(SAME_HERE)}\n\n${fence(c, logBlock(makeCtx(rng, c.epoch + 600), p.family))}`;
    labels = ["bug", ...(rng.chance(0.4) ? ["triage"] : []), ...(isCore && rng.chance(0.4) ? ["v2"] : [])];
  } else if (p.kind === "noise") {
    const n = noiseIssue(c);
    title = n.title;
    body = n.body;
    labels = [n.label];
  } else {
    const t = prTitle(rng);
    title = t.title;
    user = t.bot ? people.depBot : rng.pick(people.maintainers);
    body = t.bot
      ? `Bumps the dependency.\n\nDependabot will resolve any conflicts with this PR.`
      : `Fixes #${rng.int(1, Math.max(1, p.number - 1))}\n\n**What this PR does**: ${title}.`;
    pr = { mergedAt: null };
  }
  const fate: Fate =
    p.kind === "pr"
      ? rng.chance(0.8)
        ? "completed"
        : "open"
      : rng.chance(0.45)
        ? "open"
        : rng.chance(0.6)
          ? "completed"
          : "not_planned";
  if (fate === "not_planned") labels.push("stale");
  const issue = makeIssue({
    fullName: p.repo.full_name,
    id: p.id,
    number: p.number,
    title,
    body: rng.chance(0.01) && p.kind === "noise" ? null : body,
    user,
    association: user === author ? (rng.chance(0.1) ? "CONTRIBUTOR" : "NONE") : "MEMBER",
    labels: labels.map((l) => label(p.repo, l)),
    createdAt: iso(p.created),
    pr,
    plusOne: rng.chance(0.2) ? rng.int(1, 25) : 0,
  });
  const required = lead.length + (extra ? 1 : 0) + (fate === "not_planned" ? 1 : 0);
  return { repo: p.repo, number: p.number, family: p.family, issue, fate, lead, extra, required };
}

/** A comment before it gets its id: ids follow creation time across the whole corpus. */
export interface CommentDraft {
  fullName: string;
  number: number;
  body: string;
  user: GitHubUser;
  association: AuthorAssociation;
  created: string;
  updated: string;
  seq: number;
  /** The maintainer comment that says what fixed the issue (recorded in the corpus's `fixes`). */
  fix: boolean;
}

/** Lays the thread out in time and closes the issue. */
export function buildComments(
  rng: Rng,
  people: People,
  plan: IssuePlan,
  count: number,
  out: CommentDraft[],
): GitHubIssue {
  const { issue, fate } = plan;
  const bodies: { body: string; user: GitHubUser; fix?: boolean }[] = plan.lead.map((b) => ({
    body: b,
    user: issue.user,
  }));
  const fillers = count - plan.required;
  for (let k = 0; k < fillers; k++) {
    const last = k === fillers - 1;
    if (k === 0 && plan.family && bodies.length === 0)
      bodies.push({ body: rng.pick(ASKS), user: rng.pick(people.maintainers) });
    else if (last && fate === "completed" && plan.family) {
      const reference = rng
        .pick(FIXES)
        .replace("%n", String(rng.int(1, 6000)))
        .replace("%v", rng.pick(CORE_VERSIONS));
      const how = FAMILY_FIXES[plan.family.key];
      bodies.push({
        body: how ? `${how}\n\n${reference}` : reference,
        user: rng.pick(people.maintainers),
        fix: true,
      });
    } else if (k > 0 && fate === "completed" && rng.chance(0.3))
      bodies.push({ body: rng.pick(THANKS), user: issue.user });
    else bodies.push({ body: rng.pick(CHATTER), user: rng.pick(people.users) });
    if (k === 0 && plan.extra)
      bodies.push({ body: plan.extra, user: rng.chance(0.5) ? issue.user : rng.pick(people.users) });
  }
  if (fillers === 0 && plan.extra) bodies.push({ body: plan.extra, user: issue.user });
  let t = Date.parse(issue.created_at) / 1000;
  let latest = t;
  let posted = 0;
  const add = (body: string, user: GitHubUser, gap: number, fix = false) => {
    t += gap;
    const edited = rng.chance(0.08) ? t + rng.int(60, 3600) : t;
    latest = Math.max(latest, edited);
    const association = people.maintainers.includes(user)
      ? "MEMBER"
      : user === issue.user
        ? issue.author_association
        : "NONE";
    out.push({
      fullName: plan.repo.full_name,
      number: issue.number,
      body,
      user,
      association,
      created: iso(t),
      updated: iso(edited),
      seq: out.length,
      fix,
    });
    posted++;
  };
  for (const b of bodies) add(b.body, b.user, rng.int(300, 3 * 86400), b.fix);
  if (fate === "not_planned") add(STALE, people.staleBot, 15 * 86400 + rng.int(0, 86400));
  if (fate !== "open") {
    const closedAt = fate === "not_planned" ? t + 10 * 86400 + rng.int(0, 3600) : t + rng.int(600, 5 * 86400);
    issue.state = "closed";
    issue.closed_at = iso(closedAt);
    if (issue.pull_request) issue.pull_request.merged_at = rng.chance(0.85) ? issue.closed_at : null;
    else issue.state_reason = fate;
    latest = Math.max(latest, closedAt);
  }
  issue.comments = posted;
  issue.updated_at = iso(latest);
  return issue;
}
