import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker, { CONTINUE_CRON } from "../../src/worker.js";
import { resetD1 } from "./reset-db.js";

const API = "https://github-api.test";

function issue(number: number, body: string) {
  return {
    id: 900 + number,
    number,
    title: `Scheduler error ${number}`,
    body,
    state: "open",
    labels: [],
    html_url: `https://github.com/SeldonIO/MLServer/issues/${number}`,
    created_at: `2026-11-0${number}T10:00:00Z`,
    updated_at: `2026-11-0${number}T10:00:00Z`,
  };
}

/** GitHub's list endpoints as the Worker's octokit sees them: JSON, an ETag, 304 on a match. */
function fakeGitHub(requests: { url: string; status: number }[]) {
  const line =
    'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing"';
  const bodies: Record<string, unknown[]> = {
    "/repos/SeldonIO/MLServer/issues": [
      issue(1, `\`\`\`\n${line}\n\`\`\``),
      issue(2, `\`\`\`\n${line}\n\`\`\``),
    ],
    "/repos/SeldonIO/MLServer/issues/comments": [],
  };
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = bodies[url.pathname];
    const etag = `W/"${url.pathname.length}"`;
    const status = body === undefined ? 404 : request.headers.get("if-none-match") === etag ? 304 : 200;
    requests.push({ url: request.url, status });
    const headers = {
      "content-type": "application/json",
      etag,
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-reset": "2000000000",
    };
    if (status === 304) return new Response(null, { status, headers });
    return new Response(JSON.stringify(body ?? { message: "Not Found" }), { status, headers });
  };
}

async function runCron(cron = "*/15 * * * *") {
  const ctx = createExecutionContext();
  const controller = createScheduledController({ scheduledTime: Date.now(), cron });
  await worker.scheduled(controller, { ...env, GITHUB_REPOS: "SeldonIO/MLServer", GITHUB_API_URL: API }, ctx);
  await waitOnExecutionContext(ctx);
}

describe("the Worker's cron", () => {
  beforeEach(resetD1);
  afterEach(() => vi.restoreAllMocks());

  it("ingests into D1, clusters, and re-syncs an unchanged repo with 304s", async () => {
    const requests: { url: string; status: number }[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(fakeGitHub(requests));
    await runCron();
    expect(requests.map((r) => r.status)).toEqual([200, 200]);
    const { results } = await env.DB.prepare("select number, cluster_id from issues order by number").all<{
      number: number;
      cluster_id: string | null;
    }>();
    expect(results.map((r) => r.number)).toEqual([1, 2]);
    expect(results[0]?.cluster_id).not.toBeNull();
    expect(results[1]?.cluster_id).toBe(results[0]?.cluster_id);

    requests.length = 0;
    await runCron();
    expect(requests.map((r) => r.status)).toEqual([304, 304]);
  });

  it("refreshes on the next cron after a refresh died, although GitHub then answers only 304s", async () => {
    const requests: { url: string; status: number }[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(fakeGitHub(requests));
    // The refresh dies part-way (as when the isolate ran out of memory); the ingest has committed.
    await env.DB.exec(
      "CREATE TRIGGER refresh_dies BEFORE INSERT ON clusters BEGIN SELECT RAISE(ABORT, 'simulated: the refresh died'); END;",
    );
    await runCron();
    const clustered = () =>
      env.DB.prepare("select count(*) as n from issues where cluster_id is not null").first<number>("n");
    expect(await clustered()).toBe(0);
    await env.DB.exec("DROP TRIGGER refresh_dies");

    requests.length = 0;
    await runCron();
    expect(requests.map((r) => r.status)).toEqual([304, 304]);
    expect(await clustered()).toBe(2);
    const q = encodeURIComponent("transport: Error while dialing");
    const search = (await (await SELF.fetch(`http://kb.test/api/search?q=${q}`)).json()) as {
      results: { clusterId: string }[];
    };
    expect(search.results.length).toBeGreaterThan(0);
  });

  it("continues pending work on the minute trigger without asking GitHub anything", async () => {
    const requests: { url: string; status: number }[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(fakeGitHub(requests));
    await runCron();
    requests.length = 0;
    // A write that needs a refresh (the marker), as a webhook store would leave it if its refresh died.
    await env.DB.prepare(
      "update refresh_state set generation = generation + 1, requested_at = '2026-11-30T12:00:00Z'",
    ).run();
    await env.DB.prepare("update issues set cluster_id = null").run();
    await runCron(CONTINUE_CRON);
    expect(requests).toEqual([]);
    const state = await env.DB.prepare("select generation, done_generation from refresh_state").first<{
      generation: number;
      done_generation: number;
    }>();
    expect(state?.done_generation).toBe(state?.generation);
    const clustered = await env.DB.prepare(
      "select count(*) as n from issues where cluster_id is not null",
    ).first("n");
    expect(clustered).toBe(2);
  });
});
