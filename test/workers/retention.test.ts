import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/worker.js";
import { resetD1 } from "./reset-db.js";

describe("the Worker's cron retention", () => {
  beforeEach(resetD1);
  afterEach(() => vi.restoreAllMocks());

  it("deletes search queries older than KB_SEARCH_LOG_RETENTION_DAYS from D1", async () => {
    const day = 86_400_000;
    const insert = env.DB.prepare(
      "insert into search_log (query, result_count, created_at) values (?, 0, ?)",
    );
    await env.DB.batch([
      insert.bind("old", new Date(Date.now() - 11 * day).toISOString()),
      insert.bind("recent", new Date(Date.now() - 9 * day).toISOString()),
    ]);
    // GitHub has nothing new: ingestion is quiet, so what the cron changes is retention's doing.
    vi.spyOn(globalThis, "fetch").mockImplementation(
      async () =>
        new Response("[]", {
          status: 200,
          headers: {
            "content-type": "application/json",
            "x-ratelimit-remaining": "4999",
            "x-ratelimit-reset": "2000000000",
          },
        }),
    );
    const ctx = createExecutionContext();
    const controller = createScheduledController({ scheduledTime: Date.now(), cron: "*/15 * * * *" });
    await worker.scheduled(
      controller,
      {
        ...env,
        GITHUB_REPOS: "SeldonIO/MLServer",
        GITHUB_API_URL: "https://github-api.test",
        KB_SEARCH_LOG_RETENTION_DAYS: "10",
      },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const { results } = await env.DB.prepare("select query from search_log").all<{ query: string }>();
    expect(results.map((r) => r.query)).toEqual(["recent"]);
  });
});
