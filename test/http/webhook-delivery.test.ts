import { describe, expect, it } from "vitest";
import { issues, webhookDeliveries } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { signHmacSha256 } from "../../src/http/hmac.js";
import { createSearchService } from "../../src/search/index.js";
import { expectProblem, makeTestApp, readJson, TEST_NOW } from "../helpers/test-app.js";
import { makeTestDb } from "../helpers/test-db.js";

const SECRET = "webhook-secret-for-tests";

const issue = (updatedAt: string, title: string) => ({
  id: 601,
  number: 7,
  title,
  body: "```\nrpc error: code = Unavailable desc = connection refused\n```",
  state: "open",
  labels: [],
  html_url: "https://github.com/SeldonIO/MLServer/issues/7",
  created_at: "2026-11-20T10:00:00Z",
  updated_at: updatedAt,
});
const comment = (updatedAt: string) => ({
  id: 9101,
  body: "same here",
  html_url: "https://github.com/SeldonIO/MLServer/issues/7#issuecomment-9101",
  issue_url: "https://api.github.com/repos/SeldonIO/MLServer/issues/7",
  created_at: "2026-11-21T10:00:00Z",
  updated_at: updatedAt,
});

/**
 * An app whose search service counts refreshes (the refresh's search step moves the service with
 * `catchUp`, curation with `refresh`): a skipped delivery must not refresh anything.
 */
function countingApp() {
  const database = makeTestDb();
  const real = createSearchService({ database, clock: fixedClock(TEST_NOW) });
  const counter = { refreshes: 0 };
  const search = {
    ...real,
    refresh: () => {
      counter.refreshes += 1;
      return real.refresh();
    },
    catchUp: () => {
      counter.refreshes += 1;
      return real.catchUp();
    },
  };
  return { ...makeTestApp({ database, search, githubWebhookSecret: SECRET }), counter };
}

async function deliver(
  app: ReturnType<typeof makeTestApp>["app"],
  event: string,
  payload: unknown,
  id?: string,
) {
  const body = JSON.stringify(payload);
  return app.request("/github/webhook", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-hub-signature-256": `sha256=${await signHmacSha256(SECRET, body)}`,
      ...(id ? { "x-github-delivery": id } : {}),
    },
  });
}

describe("webhook deliveries", () => {
  it("acknowledge a redelivered id with 200 and apply it only once", async () => {
    const { app, deps, counter } = countingApp();
    const first = await deliver(
      app,
      "issues",
      { action: "opened", issue: issue("2026-11-22T10:00:00Z", "v1") },
      "d-1",
    );
    expect(await readJson(first)).toEqual({ ok: true, event: "issues" });
    expect(counter.refreshes).toBe(1);
    const again = await deliver(
      app,
      "issues",
      { action: "opened", issue: issue("2026-11-22T10:00:00Z", "v1") },
      "d-1",
    );
    expect(again.status).toBe(200);
    expect(await readJson(again)).toEqual({ ok: true, event: "issues", duplicate: true });
    expect(counter.refreshes).toBe(1);
    const remembered = await deps.database.db.select().from(webhookDeliveries);
    expect(remembered).toEqual([{ id: "d-1", event: "issues", receivedAt: TEST_NOW }]);
  });

  it("never let an older event overwrite a newer issue, whatever its delivery id", async () => {
    const { app, deps } = countingApp();
    await deliver(
      app,
      "issues",
      { action: "edited", issue: issue("2026-11-23T10:00:00Z", "newer title") },
      "d-2",
    );
    const late = await deliver(
      app,
      "issues",
      { action: "opened", issue: issue("2026-11-22T10:00:00Z", "older title") },
      "d-3",
    );
    expect(late.status).toBe(200);
    const rows = await deps.database.db.select().from(issues);
    expect(rows.map((r) => r.title)).toEqual(["newer title"]);
  });

  it("keep a comment deleted when its creation is delivered after the deletion", async () => {
    const { app } = countingApp();
    const base = { issue: issue("2026-11-22T10:00:00Z", "v1") };
    await deliver(
      app,
      "issue_comment",
      { ...base, action: "deleted", comment: comment("2026-11-21T10:00:00Z") },
      "d-4",
    );
    await deliver(
      app,
      "issue_comment",
      { ...base, action: "created", comment: comment("2026-11-21T10:00:00Z") },
      "d-5",
    );
    const listed = await readJson(await app.request("/api/issues"));
    expect(listed.issues).toHaveLength(1);
    expect(listed.issues[0].commentCount).toBe(0);
  });

  it("do not remember a delivery that failed, so GitHub's redelivery of it is applied", async () => {
    const { app, deps } = countingApp();
    await expectProblem(await deliver(app, "issues", { action: "opened", issue: { id: 601 } }, "d-6"), 400);
    const retried = await deliver(
      app,
      "issues",
      { action: "opened", issue: issue("2026-11-22T10:00:00Z", "v1") },
      "d-6",
    );
    expect(await readJson(retried)).toEqual({ ok: true, event: "issues" });
    expect(await deps.database.db.select().from(issues)).toHaveLength(1);
  });

  it("apply two copies of one delivery arriving together once", async () => {
    const { app, deps } = countingApp();
    const payload = { action: "opened", issue: issue("2026-11-22T10:00:00Z", "v1") };
    const answers = await Promise.all([
      deliver(app, "issues", payload, "d-7"),
      deliver(app, "issues", payload, "d-7"),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await deps.database.db.select().from(issues)).toHaveLength(1);
    expect(await deps.database.db.select().from(webhookDeliveries)).toHaveLength(1);
  });

  it("refuse a delivery id that is not one with 400", async () => {
    const { app } = countingApp();
    const problem = await expectProblem(
      await deliver(
        app,
        "issues",
        { action: "opened", issue: issue("2026-11-22T10:00:00Z", "v1") },
        "../../etc",
      ),
      400,
    );
    expect(problem.detail).toContain("X-GitHub-Delivery");
  });

  it("answer an issue GitHub could not have sent with 400, not 500", async () => {
    const { app } = countingApp();
    await expectProblem(
      await deliver(app, "issues", {
        action: "opened",
        issue: { ...issue("2026-11-22T10:00:00Z", "x"), html_url: "nope" },
      }),
      400,
    );
  });
});
