import { request } from "node:http";
import { Octokit } from "octokit";
import { afterEach, describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/corpus/generate";
import {
  type FaultKind,
  type GitHubEmulator,
  startGitHubEmulator,
} from "../../src/emulators/github-emulator";

const corpus = generateCorpus({ seed: 23 });
const ISSUES = "/repos/SeldonIO/seldon-core/issues";

let emu: GitHubEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** Reads a raw response, surviving a connection cut mid-body. */
function rawGet(
  url: string,
): Promise<{ status: number; declared: number; received: number; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let received = 0;
      let aborted = false;
      res.on("data", (chunk: Buffer) => {
        received += chunk.length;
      });
      res.on("aborted", () => {
        aborted = true;
      });
      res.on("error", () => {
        aborted = true;
      });
      res.on("close", () =>
        resolve({
          status: res.statusCode ?? 0,
          declared: Number(res.headers["content-length"]),
          received,
          aborted,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("GitHub emulator: injected faults", () => {
  it.each([
    ["502", 502],
    ["503", 503],
    ["secondary403", 403],
    ["429", 429],
  ] as [FaultKind, number][])("injects %s answers", async (kind, status) => {
    emu = await startGitHubEmulator({ corpus, faults: { rate: 1, seed: 3, kinds: [kind] } });
    const res = await fetch(`${emu.url}${ISSUES}`);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { message: string };
    if (kind === "secondary403" || kind === "429") {
      expect(body.message).toMatch(/^You have exceeded a secondary rate limit/);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(res.headers.get("x-ratelimit-remaining")).not.toBe("0");
    }
    expect(emu.stats.faultsInjected).toBe(1);
    expect(emu.stats.faultsByKind[kind]).toBe(1);
    expect(emu.stats.rateLimitUsed).toBe(0);
  });

  it("cuts the connection after sending part of the body", async () => {
    emu = await startGitHubEmulator({ corpus, faults: { rate: 1, seed: 3, kinds: ["cut"] } });
    const r = await rawGet(`${emu.url}${ISSUES}?state=all&per_page=100`);
    expect(r.status).toBe(200);
    expect(r.aborted).toBe(true);
    expect(r.received).toBeGreaterThan(0);
    expect(r.received).toBeLessThan(r.declared);
    expect(emu.stats.faultsByKind.cut).toBe(1);
  });

  it("draws the same faults for the same seed and request sequence", async () => {
    const statuses = async () => {
      const e = await startGitHubEmulator({ corpus, faults: { rate: 0.5, seed: 99, kinds: ["502", "503"] } });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await fetch(`${e.url}${ISSUES}?page=${(i % 3) + 1}`)).status);
      await e.close();
      return out;
    };
    const a = await statuses();
    expect(a).toEqual(await statuses());
    expect(new Set(a).size).toBeGreaterThan(1);
  });

  it("never faults a request that would be answered 304", async () => {
    emu = await startGitHubEmulator({ corpus, faults: { rate: 0.9, seed: 5 } });
    let etag: string | null = null;
    while (etag === null) {
      const res = await fetch(`${emu.url}${ISSUES}`);
      if (res.status === 200) etag = res.headers.get("etag");
      await res.arrayBuffer().catch(() => undefined);
    }
    for (let i = 0; i < 10; i++) {
      expect((await fetch(`${emu.url}${ISSUES}`, { headers: { "if-none-match": etag } })).status).toBe(304);
    }
  });
});

describe("GitHub emulator with octokit 5", () => {
  it("paginates a whole repository through retried and throttled faults", async () => {
    emu = await startGitHubEmulator({
      corpus,
      tokens: ["t0ken"],
      faults: { rate: 0.2, seed: 8, kinds: ["502", "503", "secondary403", "429"] },
    });
    const limited: string[] = [];
    const octokit = new Octokit({
      baseUrl: emu.url,
      auth: "t0ken",
      retry: { retryAfterBaseValue: 5 },
      throttle: {
        retryAfterBaseValue: 5,
        onRateLimit: (_after: number, options: { url: string }) => {
          limited.push(`primary ${options.url}`);
          return true;
        },
        onSecondaryRateLimit: (_after: number, options: { url: string }, _o: unknown, retryCount: number) => {
          limited.push(`secondary ${options.url}`);
          return retryCount < 5;
        },
      },
    });
    const issues = await octokit.paginate("GET /repos/{owner}/{repo}/issues", {
      owner: "SeldonIO",
      repo: "seldon-core",
      state: "all",
      per_page: 25,
    });
    const comments = await octokit.paginate("GET /repos/{owner}/{repo}/issues/comments", {
      owner: "seldonio",
      repo: "mlserver",
      per_page: 25,
    });
    const expected = corpus.issues.filter((i) => i.repository_url.endsWith("/SeldonIO/seldon-core"));
    expect(new Set(issues.map((i) => i.number)).size).toBe(expected.length);
    expect(issues.length).toBe(expected.length);
    expect(comments.length).toBe(
      corpus.comments.filter((c) => c.issue_url.includes("/SeldonIO/MLServer/")).length,
    );
    expect(emu.stats.faultsInjected).toBeGreaterThan(0);
    // octokit's throttling plugin handles the 403 secondary limit; its retry plugin retries 429s itself.
    expect(emu.stats.faultsByKind.secondary403).toBeGreaterThan(0);
    expect(emu.stats.faultsByKind["429"]).toBeGreaterThan(0);
    expect(limited.length).toBe(emu.stats.faultsByKind.secondary403);
  });

  it("reports a primary rate limit to onRateLimit with the reset time", async () => {
    emu = await startGitHubEmulator({ corpus });
    emu.mutate.exhaustRateLimit(1);
    const waits: number[] = [];
    const octokit = new Octokit({
      baseUrl: emu.url,
      throttle: {
        retryAfterBaseValue: 1000,
        onRateLimit: (after: number) => {
          waits.push(after);
          return waits.length < 2;
        },
        onSecondaryRateLimit: () => false,
      },
    });
    const res = await octokit.request("GET /repos/{owner}/{repo}", { owner: "SeldonIO", repo: "MLServer" });
    expect(res.status).toBe(200);
    expect(waits[0]).toBeGreaterThanOrEqual(1);
    expect(waits[0]).toBeLessThanOrEqual(3);
  });

  it("exposes cut bodies: octokit with a body-reading fetch retries them and loses nothing", async () => {
    emu = await startGitHubEmulator({ corpus, faults: { rate: 0.3, seed: 4, kinds: ["cut", "502"] } });
    // STACK.md pitfall 15: read the whole body inside fetch so a short read throws and is retried.
    const strictFetch = async (input: string | URL | Request, init?: RequestInit) => {
      const res = await fetch(input, init);
      const body = res.status === 304 || res.status === 204 ? null : await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    };
    const octokit = new Octokit({
      baseUrl: emu.url,
      request: { fetch: strictFetch },
      retry: { retryAfterBaseValue: 5, retries: 6 },
      throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false },
    });
    const issues = await octokit.paginate("GET /repos/{owner}/{repo}/issues", {
      owner: "SeldonIO",
      repo: "MLServer",
      state: "all",
      per_page: 10,
    });
    expect(emu.stats.faultsByKind.cut).toBeGreaterThan(0);
    expect(issues.length).toBe(
      corpus.issues.filter((i) => i.repository_url.endsWith("/SeldonIO/MLServer")).length,
    );
  });
});
