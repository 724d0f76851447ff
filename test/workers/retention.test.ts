import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/worker.js";
import { resetD1 } from "./reset-db.js";

describe("the Worker's cron retention", () => {
  beforeEach(resetD1);

  it("deletes search queries older than KB_SEARCH_LOG_RETENTION_DAYS from D1", async () => {
    const day = 86_400_000;
    const insert = env.DB.prepare(
      "insert into search_log (query, result_count, created_at) values (?, 0, ?)",
    );
    await env.DB.batch([
      insert.bind("old", new Date(Date.now() - 11 * day).toISOString()),
      insert.bind("recent", new Date(Date.now() - 9 * day).toISOString()),
    ]);
    const ctx = createExecutionContext();
    const controller = createScheduledController({ scheduledTime: Date.now(), cron: "*/15 * * * *" });
    await worker.scheduled(controller, { ...env, GITHUB_REPOS: "", KB_SEARCH_LOG_RETENTION_DAYS: "10" }, ctx);
    await waitOnExecutionContext(ctx);
    const { results } = await env.DB.prepare("select query from search_log").all<{ query: string }>();
    expect(results.map((r) => r.query)).toEqual(["recent"]);
  });
});
