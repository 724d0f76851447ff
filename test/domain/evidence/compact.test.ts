import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { clusterEvidence } from "../../../src/domain/cluster/index.js";
import {
  EvidenceInterner,
  issueTextHash,
  restoreEvidence,
  restoreLinkEvidence,
  serializeEvidence,
} from "../../../src/domain/evidence/compact.js";
import { issueEvidence } from "../../../src/domain/evidence/issue-evidence.js";
import type { Corpus } from "../../../src/emulators/github-types.js";

const corpus = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../fixtures/sample-corpus.json"), "utf8"),
) as Corpus;

const docs = corpus.issues.map((issue) => {
  const key = `${/github\.com\/([^/]+\/[^/]+)\//.exec(issue.html_url)?.[1]}#${issue.number}`;
  const comments = corpus.comments
    .filter((c) => c.issue_url.endsWith(`/issues/${issue.number}`) && c.html_url.includes(key.split("#")[0]!))
    .map((c) => c.body ?? "");
  return { key, title: issue.title, body: issue.body ?? "", comments, isPullRequest: !!issue.pull_request };
});

describe("cached issue evidence", () => {
  it("restores exactly what issueEvidence returned, for every issue of the sample corpus", () => {
    for (const doc of docs) {
      const ev = issueEvidence(doc);
      const s = serializeEvidence(ev);
      expect(restoreEvidence(doc.key, doc.isPullRequest, s.link, s.detail)).toEqual(ev);
      expect(s.clusterable).toBe(ev.clusterable);
    }
  });

  it("clusters from the link part alone exactly as from whole evidence (ids, ties, members)", () => {
    const whole = docs.map(issueEvidence);
    const interner = new EvidenceInterner();
    const linkOnly = whole.map((ev) =>
      restoreLinkEvidence(ev.key, ev.isPullRequest, serializeEvidence(ev).link, interner),
    );
    const a = clusterEvidence(whole, [], new Map());
    const b = clusterEvidence(linkOnly, [], new Map());
    expect(b.clusters).toEqual(a.clusters);
    const strip = (r: typeof a) =>
      r.assignments.map((x) => ({
        key: x.key,
        clusterId: x.clusterId,
        ties: x.ties,
        primary: x.primary?.id,
        secondary: x.secondary.map((s) => s.id),
      }));
    expect(strip(b)).toEqual(strip(a));
  });

  it("hashes every part of an issue's text, in order", () => {
    const base = { title: "t", body: "b", comments: ["one", "two"], isPullRequest: false };
    const variants = [
      { ...base, title: "t2" },
      { ...base, body: "b2" },
      { ...base, comments: ["two", "one"] },
      { ...base, comments: ["one"] },
      { ...base, isPullRequest: true },
      { ...base, title: "tb", body: "" },
    ];
    for (const v of variants) expect(issueTextHash(v)).not.toBe(issueTextHash(base));
    expect(issueTextHash({ ...base })).toBe(issueTextHash(base));
  });
});
