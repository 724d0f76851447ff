import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Corpus, type GitHubIssue, generateCorpus } from "../../scripts/corpus/generate";

const SAMPLE_SEED = 20261126;
const corpus = generateCorpus({ seed: SAMPLE_SEED });
const repoOf = (i: GitHubIssue) => i.repository_url.split("/repos/")[1] as string;
const keyOf = (i: GitHubIssue) => `${repoOf(i)}#${i.number}`;

describe("generateCorpus", () => {
  it("is deterministic: the same seed gives identical JSON, another seed does not", () => {
    expect(JSON.stringify(generateCorpus({ seed: SAMPLE_SEED }))).toBe(JSON.stringify(corpus));
    expect(JSON.stringify(generateCorpus({ seed: SAMPLE_SEED + 1 }))).not.toBe(JSON.stringify(corpus));
  });

  it("matches the committed fixture, so the fixture cannot drift from its generator", () => {
    const fixture = JSON.parse(readFileSync("test/fixtures/sample-corpus.json", "utf8")) as Corpus;
    expect(fixture).toEqual(corpus);
  });

  it("has at least 300 issues over seldon-core and MLServer with unique numbers per repo", () => {
    expect(corpus.issues.length).toBeGreaterThanOrEqual(300);
    const byRepo = new Map<string, Set<number>>();
    for (const i of corpus.issues) {
      const numbers = byRepo.get(repoOf(i)) ?? new Set();
      expect(numbers.has(i.number)).toBe(false);
      numbers.add(i.number);
      byRepo.set(repoOf(i), numbers);
    }
    expect([...byRepo.keys()].sort()).toEqual(["SeldonIO/MLServer", "SeldonIO/seldon-core"]);
    expect(new Set(corpus.issues.map((i) => i.id)).size).toBe(corpus.issues.length);
    expect(new Set(corpus.comments.map((c) => c.id)).size).toBe(corpus.comments.length);
  });

  it("has about 5% pull requests, all with family null", () => {
    const prs = corpus.issues.filter((i) => i.pull_request);
    expect(prs.length / corpus.issues.length).toBeGreaterThan(0.03);
    expect(prs.length / corpus.issues.length).toBeLessThan(0.07);
    for (const pr of prs) expect(corpus.families[keyOf(pr)]).toBeNull();
  });

  it("records a family for every issue, 25 to 35 families, each with at least 3 issues", () => {
    expect(Object.keys(corpus.families).sort()).toEqual(corpus.issues.map(keyOf).sort());
    const counts = new Map<string, number>();
    for (const f of Object.values(corpus.families)) if (f !== null) counts.set(f, (counts.get(f) ?? 0) + 1);
    expect(counts.size).toBeGreaterThanOrEqual(25);
    expect(counts.size).toBeLessThanOrEqual(35);
    for (const [family, n] of counts) expect([family, n >= 3]).toEqual([family, true]);
    const noise = Object.values(corpus.families).filter((f) => f === null).length;
    expect(noise).toBeGreaterThan(corpus.issues.filter((i) => i.pull_request).length);
  });

  it("keeps time consistent: updates after creation, comments after their issue", () => {
    const created = new Map(corpus.issues.map((i) => [i.url, i.created_at]));
    for (const i of corpus.issues) {
      expect(i.updated_at >= i.created_at).toBe(true);
      if (i.state === "closed") expect((i.closed_at ?? "") >= i.created_at).toBe(true);
      if (i.state === "closed" && !i.pull_request)
        expect(["completed", "not_planned"]).toContain(i.state_reason);
    }
    for (const c of corpus.comments) {
      expect(c.created_at > (created.get(c.issue_url) ?? "")).toBe(true);
      expect(c.updated_at >= c.created_at).toBe(true);
    }
    const perIssue = new Map<string, number>();
    for (const c of corpus.comments) perIssue.set(c.issue_url, (perIssue.get(c.issue_url) ?? 0) + 1);
    for (const i of corpus.issues) expect(i.comments).toBe(perIssue.get(i.url) ?? 0);
  });

  it("pastes errors in the real wrappers, sometimes only in a comment", () => {
    const text = [...corpus.issues.map((i) => i.body ?? ""), ...corpus.comments.map((c) => c.body)].join(
      "\n",
    );
    for (const marker of [
      "Traceback (most recent call last):",
      '{"level":"error","ts":',
      "level=error msg=",
      "│ time=",
      "< HTTP/1.1 503 Service Unavailable",
      "rpc error: code = ",
      "CrashLoopBackOff",
      "_InactiveRpcError",
      "|FAIL|rdkafka#",
    ]) {
      expect(text).toContain(marker);
    }
    const reasons = new Set(corpus.issues.map((i) => i.state_reason));
    expect(reasons).toEqual(new Set([null, "completed", "not_planned"]));
    const logsInComment = corpus.comments.filter((c) => c.body.startsWith("Here are the logs:"));
    expect(logsInComment.length).toBeGreaterThan(10);
  });

  it("scales to a bench corpus with exactly 10,000 issues and 30,000 comments", () => {
    const started = performance.now();
    const big = generateCorpus({ seed: 3, totalIssues: 10_000, avgComments: 3 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(big.issues.length).toBe(10_000);
    expect(big.comments.length).toBe(30_000);
    expect(big.issues.filter((i) => i.pull_request).length).toBe(500);
  });
});
