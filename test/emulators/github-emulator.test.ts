import { afterEach, describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/corpus/generate";
import {
  type GitHubEmulator,
  type GitHubEmulatorOptions,
  startGitHubEmulator,
} from "../../src/emulators/github-emulator";
import type { GitHubIssue } from "../../src/emulators/github-types";

const corpus = generateCorpus({
  seed: 11,
  issuesPerRepo: { "SeldonIO/seldon-core": 90, "SeldonIO/MLServer": 40 },
});
const coreIssues = corpus.issues.filter((i) => i.repository_url.endsWith("/SeldonIO/seldon-core"));
const ISSUES = "/repos/SeldonIO/seldon-core/issues";

let emu: GitHubEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(opts: Partial<GitHubEmulatorOptions> = {}): Promise<GitHubEmulator> {
  emu = await startGitHubEmulator({ corpus, ...opts });
  return emu;
}

async function get(e: GitHubEmulator, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${e.url}${path}`, { headers });
  const text = await res.text();
  return { res, text, json: text ? (JSON.parse(text) as unknown) : null };
}

function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (header ?? "").matchAll(/<([^>]+)>; rel="(\w+)"/g)) out[m[2] as string] = m[1] as string;
  return out;
}

describe("GitHub emulator: pagination", () => {
  it("sends Link rels in GitHub's order with absolute URLs to itself", async () => {
    const e = await start();
    const first = await get(e, `${ISSUES}?state=all&per_page=10`);
    expect(first.res.headers.get("link")).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/[^>]+page=2>; rel="next", <[^>]+page=9>; rel="last"$/,
    );
    const middle = await get(e, `${ISSUES}?state=all&per_page=10&page=4`);
    expect(Object.keys(links(middle.res.headers.get("link")))).toEqual(["prev", "next", "last", "first"]);
    const last = await get(e, `${ISSUES}?state=all&per_page=10&page=9`);
    const rels = links(last.res.headers.get("link"));
    expect(Object.keys(rels)).toEqual(["prev", "first"]);
    for (const url of Object.values(rels)) expect(url.startsWith(`${e.url}/repos/`)).toBe(true);
    expect(rels.prev).toContain("state=all");
  });

  it("walks every issue exactly once by following rel=next", async () => {
    const e = await start();
    const seen: number[] = [];
    let url: string | undefined = `${e.url}${ISSUES}?state=all&per_page=7`;
    while (url) {
      const res: Response = await fetch(url);
      seen.push(...((await res.json()) as GitHubIssue[]).map((i) => i.number));
      url = links(res.headers.get("link")).next;
    }
    expect(seen.length).toBe(coreIssues.length);
    expect(new Set(seen).size).toBe(coreIssues.length);
  });

  it("defaults per_page to 30 and caps it at 100", async () => {
    const e = await start();
    expect(((await get(e, `${ISSUES}?state=all`)).json as unknown[]).length).toBe(30);
    expect(((await get(e, `${ISSUES}?state=all&per_page=500`)).json as unknown[]).length).toBe(90);
    const comments = await get(e, "/repos/SeldonIO/seldon-core/issues/comments?per_page=1000");
    expect((comments.json as unknown[]).length).toBe(100);
  });

  it("serves only open issues unless state says otherwise, pull requests included", async () => {
    const e = await start();
    const open = (await get(e, `${ISSUES}?per_page=100`)).json as GitHubIssue[];
    expect(open.length).toBe(coreIssues.filter((i) => i.state === "open").length);
    expect(open.every((i) => i.state === "open")).toBe(true);
    const all = (await get(e, `${ISSUES}?state=all&per_page=100`)).json as GitHubIssue[];
    expect(all.some((i) => i.pull_request !== undefined)).toBe(true);
  });
});

describe("GitHub emulator: filters and order", () => {
  it("keeps only items updated at or after since", async () => {
    const e = await start();
    const sorted = coreIssues.map((i) => i.updated_at).sort();
    const since = sorted[60] as string;
    const got = (await get(e, `${ISSUES}?state=all&per_page=100&since=${since}`)).json as GitHubIssue[];
    expect(got.length).toBe(sorted.filter((u) => u >= since).length);
    expect(got.every((i) => i.updated_at >= since)).toBe(true);
  });

  it("sorts by the requested field and direction, newest created first by default", async () => {
    const e = await start();
    const byDefault = (await get(e, `${ISSUES}?state=all&per_page=100`)).json as GitHubIssue[];
    expect(byDefault.map((i) => i.created_at)).toEqual(
      byDefault
        .map((i) => i.created_at)
        .sort()
        .reverse(),
    );
    const asc = (await get(e, `${ISSUES}?state=all&sort=updated&direction=asc&per_page=100`))
      .json as GitHubIssue[];
    expect(asc.map((i) => i.updated_at)).toEqual(asc.map((i) => i.updated_at).sort());
    const byComments = (await get(e, `${ISSUES}?state=all&sort=comments&per_page=100`)).json as GitHubIssue[];
    expect(byComments[0]?.comments).toBe(Math.max(...coreIssues.map((i) => i.comments)));
    const comments = (
      await get(e, "/repos/SeldonIO/seldon-core/issues/comments?sort=updated&direction=desc&per_page=100")
    ).json as { updated_at: string }[];
    expect(comments.map((c) => c.updated_at)).toEqual(
      comments
        .map((c) => c.updated_at)
        .sort()
        .reverse(),
    );
  });

  it("matches repository names case-insensitively and serves single issues and their comments", async () => {
    const e = await start();
    const repo = await get(e, "/repos/seldonio/SELDON-CORE");
    expect((repo.json as { full_name: string }).full_name).toBe("SeldonIO/seldon-core");
    const withComments = coreIssues.find((i) => i.comments > 2) as GitHubIssue;
    const one = await get(e, `${ISSUES}/${withComments.number}`);
    expect((one.json as GitHubIssue).title).toBe(withComments.title);
    expect(one.res.headers.get("etag")).toMatch(/^"[0-9a-f]{64}"$/);
    const thread = await get(e, `${ISSUES}/${withComments.number}/comments`);
    expect((thread.json as unknown[]).length).toBe(withComments.comments);
  });
});

describe("GitHub emulator: conditional requests and rate limits", () => {
  it("answers a matching If-None-Match with an empty 304 that costs no rate limit", async () => {
    const e = await start();
    const first = await get(e, `${ISSUES}?state=all&per_page=100`);
    const etag = first.res.headers.get("etag") as string;
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    const again = await get(e, `${ISSUES}?state=all&per_page=100`, { "if-none-match": etag });
    expect(again.res.status).toBe(304);
    expect(again.text).toBe("");
    expect(again.res.headers.get("x-ratelimit-remaining")).toBe(
      first.res.headers.get("x-ratelimit-remaining"),
    );
    expect(e.stats).toMatchObject({ requests: 2, notModified: 1, rateLimitUsed: 1 });
    e.mutate.editIssue("SeldonIO/seldon-core", 1, { title: "edited" });
    expect((await get(e, `${ISSUES}?state=all&per_page=100`, { "if-none-match": etag })).res.status).toBe(
      200,
    );
  });

  it("counts rate limit down on every response header", async () => {
    const e = await start();
    const a = (await get(e, ISSUES, { authorization: "token abc" })).res.headers;
    const b = (await get(e, ISSUES, { authorization: "Bearer abc" })).res.headers;
    expect(a.get("x-ratelimit-limit")).toBe("5000");
    expect([a.get("x-ratelimit-remaining"), b.get("x-ratelimit-remaining")]).toEqual(["4999", "4998"]);
    expect(b.get("x-ratelimit-used")).toBe("2");
    expect(b.get("x-ratelimit-resource")).toBe("core");
    expect(Number(b.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    expect((await get(e, ISSUES)).res.headers.get("x-ratelimit-limit")).toBe("60");
  });

  it("refuses with GitHub's 403 once the limit is spent, and after exhaustRateLimit", async () => {
    const e = await start({ rateLimit: 2 });
    await get(e, ISSUES);
    await get(e, ISSUES);
    const refused = await get(e, ISSUES);
    expect(refused.res.status).toBe(403);
    expect(refused.res.headers.get("x-ratelimit-remaining")).toBe("0");
    expect((refused.json as { message: string }).message).toMatch(/^API rate limit exceeded for /);
    const rate = await get(e, "/rate_limit");
    expect((rate.json as { resources: { core: { remaining: number } } }).resources.core.remaining).toBe(0);

    const e2 = await startGitHubEmulator({ corpus });
    try {
      e2.mutate.exhaustRateLimit(30);
      const r = await get(e2, ISSUES, { authorization: "token t" });
      expect(r.res.status).toBe(403);
      expect(Number(r.res.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000 + 20);
    } finally {
      await e2.close();
    }
  });
});

describe("GitHub emulator: error bodies", () => {
  it("rejects an unknown token with 401 Bad credentials", async () => {
    const e = await start({ tokens: ["good"] });
    const bad = await get(e, ISSUES, { authorization: "token nope" });
    expect(bad.res.status).toBe(401);
    expect(bad.json).toEqual({
      message: "Bad credentials",
      documentation_url: "https://docs.github.com/rest",
      status: "401",
    });
    expect((await get(e, ISSUES, { authorization: "Bearer good" })).res.status).toBe(200);
  });

  it("answers unknown repos and routes with 404 Not Found", async () => {
    const e = await start();
    for (const path of [
      "/repos/SeldonIO/nope/issues",
      "/repos/SeldonIO/seldon-core/issues/99999",
      "/nothing",
    ]) {
      const r = await get(e, path);
      expect(r.res.status).toBe(404);
      expect(r.json).toMatchObject({ message: "Not Found", status: "404" });
    }
  });

  it("answers invalid parameters with 422 Validation Failed", async () => {
    const e = await start();
    for (const [query, field] of [
      ["state=bogus", "state"],
      ["per_page=0", "per_page"],
      ["page=abc", "page"],
      ["since=yesterday", "since"],
      ["sort=stars", "sort"],
      ["direction=up", "direction"],
    ]) {
      const r = await get(e, `${ISSUES}?${query}`);
      expect(r.res.status).toBe(422);
      expect(r.json).toMatchObject({ message: "Validation Failed", errors: [{ field, code: "invalid" }] });
    }
  });

  it("counts every request by route", async () => {
    const e = await start();
    await get(e, ISSUES);
    await get(e, ISSUES);
    await get(e, "/repos/SeldonIO/MLServer/issues/comments");
    await get(e, "/rate_limit");
    expect(e.stats.byRoute).toEqual({
      "GET /repos/{owner}/{repo}/issues": 2,
      "GET /repos/{owner}/{repo}/issues/comments": 1,
      "GET /rate_limit": 1,
    });
    e.resetStats();
    expect(e.stats.requests).toBe(0);
  });
});

describe("GitHub emulator: mutations", () => {
  it("shows edits, new issues and new comments to a since-based re-sync, and only those", async () => {
    const e = await start();
    const newest = [...corpus.issues.map((i) => i.updated_at), ...corpus.comments.map((c) => c.updated_at)]
      .sort()
      .at(-1) as string;
    // since is inclusive, so start one second after the newest corpus timestamp.
    const after = new Date(Date.parse(newest) + 1000).toISOString();
    const edited = e.mutate.editIssue("SeldonIO/seldon-core", 3, { title: "edited title" });
    const added = e.mutate.addIssue("seldonio/seldon-core", { title: "brand new" });
    const comment = e.mutate.addComment("SeldonIO/MLServer", 2, "still happening on 1.6");
    expect(edited.updated_at > newest).toBe(true);
    expect(added.number).toBe(91);
    expect(comment.created_at > edited.updated_at).toBe(true);
    const changed = (await get(e, `${ISSUES}?state=all&since=${after}&sort=updated&direction=asc`))
      .json as GitHubIssue[];
    expect(changed.map((i) => [i.number, i.title])).toEqual([
      [3, "edited title"],
      [91, "brand new"],
    ]);
    const comments = (await get(e, `/repos/SeldonIO/MLServer/issues/comments?since=${after}`)).json as {
      body: string;
    }[];
    expect(comments.map((c) => c.body)).toEqual(["still happening on 1.6"]);
    const issue = (await get(e, "/repos/SeldonIO/MLServer/issues/2")).json as GitHubIssue;
    expect(issue.comments).toBe(
      corpus.issues.find((i) => i.url.endsWith("/SeldonIO/MLServer/issues/2"))!.comments + 1,
    );
    expect(corpus.issues.find((i) => i.url.endsWith("/seldon-core/issues/3"))?.title).not.toBe(
      "edited title",
    );
  });
});
