// Turns the hand-labelled real reports (../shared/data/seldon-dev) into GitHub issues the way people
// post them: the excerpt fenced or pasted as prose, sometimes only in a follow-up comment, the
// comment excerpt as a reply, chatter around it. Deterministic per report, so runs compare.
import { readFileSync } from "node:fs";
import { hash64 } from "../../../src/domain/signature/hash.js";
import { makeComment, makeIssue, makeRepo, makeUser } from "../../../src/emulators/github-shapes.js";
import type { Corpus, GitHubComment, GitHubIssue } from "../../../src/emulators/github-types.js";
import { Rng } from "../../corpus/prng.js";

export interface RealReport {
  repo: string;
  number: number;
  url: string;
  title: string;
  text: string;
  comments_text?: string | null;
  family: string;
  component: string;
  truncated: boolean | null;
}

export interface RealQuery {
  kind: string;
  family: string;
  query: string;
}

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

const INTROS = [
  "I'm seeing the following error:",
  "After deploying, the pod logs show this:",
  "Hi, we hit this when installing. Logs below.",
  "Steps to reproduce are in the description of our setup; the error is:",
];
const CHATTER = [
  "Any update on this?",
  "Thanks for the report, could you share the versions you are using?",
  "I have the same problem on our cluster.",
  "Closing as stale. Feel free to reopen if this is still a problem.",
];

const fence = (text: string) => (text.includes("```") ? text : `\`\`\`\n${text}\n\`\`\``);

type Layout = "fenced" | "prose" | "comment-only";

function layoutOf(rng: Rng, report: RealReport): Layout {
  if (report.family === "noise") return "prose";
  const r = rng.next();
  return r < 0.5 ? "fenced" : r < 0.8 ? "prose" : "comment-only";
}

export function reportsToCorpus(reports: RealReport[]): Corpus {
  const owner = makeUser("seldon-bot", 1);
  const repos = new Map<string, number>();
  const issues: GitHubIssue[] = [];
  const comments: GitHubComment[] = [];
  const families: Record<string, string | null> = {};
  let commentId = 9_000_000;
  reports.forEach((report, i) => {
    const rng = new Rng(Number.parseInt(hash64(`${report.repo}#${report.number}`).slice(0, 8), 16));
    if (!repos.has(report.repo)) repos.set(report.repo, 100 + repos.size);
    const created = new Date(Date.UTC(2019, 0, 1) + i * 5 * 86_400_000).toISOString();
    const reporter = makeUser(`reporter-${i}`, 10_000 + i);
    const layout = layoutOf(rng, report);
    const intro = rng.pick(INTROS);
    const body =
      layout === "fenced"
        ? `${intro}\n\n${fence(report.text)}\n`
        : layout === "prose"
          ? report.text
          : `${intro} (full log in the next comment)`;
    const issue = makeIssue({
      fullName: report.repo,
      id: 1_000_000 + i,
      number: report.number,
      title: report.title,
      body,
      user: reporter,
      association: "NONE",
      labels: [],
      createdAt: created,
      pr: report.url.includes("/pull/") ? { mergedAt: null } : null,
      plusOne: rng.int(0, 4),
    });
    const texts: { body: string; by: typeof reporter }[] = [];
    if (layout === "comment-only") texts.push({ body: fence(report.text), by: reporter });
    if (rng.chance(0.5)) texts.push({ body: rng.pick(CHATTER), by: makeUser("maintainer", 2) });
    if (report.comments_text) texts.push({ body: fence(report.comments_text), by: reporter });
    texts.forEach((t, k) => {
      const at = new Date(Date.parse(created) + (k + 1) * 3_600_000).toISOString();
      comments.push(makeComment(report.repo, report.number, commentId++, t.body, t.by, "NONE", at, at));
    });
    issue.comments = texts.length;
    issues.push(issue);
    families[`${report.repo}#${report.number}`] = report.family === "noise" ? null : report.family;
  });
  const repoObjects = [...repos].map(([name, id]) => makeRepo(name, id, owner, "2018-01-01T00:00:00Z", name));
  return { repos: repoObjects, issues, comments, families };
}
