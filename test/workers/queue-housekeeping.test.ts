import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { queueHorizon } from "../../src/curation/queue.js";
import worker, { CONTINUE_CRON } from "../../src/worker.js";
import { resetD1 } from "./reset-db.js";

describe("the Worker's cron and the review queue", () => {
  beforeEach(resetD1);

  it("asks for the queue's whole re-score once it is an hour old, and the cron's refresh does it", async () => {
    const started = Date.now();
    const horizon = queueHorizon(null, new Date()).toISOString();
    const scoredAt = new Date(started - 2 * 3_600_000).toISOString();
    await env.DB.prepare("insert into queue_basis (id, horizon, full_at) values ('queue', ?, ?)")
      .bind(horizon, scoredAt)
      .run();
    const ctx = createExecutionContext();
    const controller = createScheduledController({ scheduledTime: started, cron: CONTINUE_CRON });
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    const basis = await env.DB.prepare("select full_at, whole_requested from queue_basis").first<{
      full_at: string;
      whole_requested: number;
    }>();
    expect(Date.parse(basis!.full_at)).toBeGreaterThanOrEqual(started);
    expect(basis!.whole_requested).toBe(0);
  });
});
