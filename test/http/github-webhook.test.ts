import { describe, expect, it } from "vitest";
import { issues } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { signHmacSha256 } from "../../src/http/hmac.js";
import { memoryLogger } from "../../src/logger.js";
import { backgroundTasks, createRefreshCoordinator, knowledgeSteps } from "../../src/refresh/index.js";
import { expectProblem, makeTestApp, readJson, TEST_NOW } from "../helpers/test-app.js";
import { makeTestDb } from "../helpers/test-db.js";
import { gatedStep } from "../refresh/harness.js";

const SECRET = "webhook-secret-for-tests";

const issue = {
  id: 501,
  number: 42,
  title: "Model fails: ModuleNotFoundError: No module named 'xgboost'",
  body: "```\nmlserver.parallel.errors.WorkerError: builtins.ModuleNotFoundError: No module named 'xgboost'\n```",
  state: "open",
  user: { login: "someone" },
  labels: [{ name: "bug" }],
  html_url: "https://github.com/SeldonIO/MLServer/issues/42",
  created_at: "2026-11-20T10:00:00Z",
  updated_at: "2026-11-20T10:00:00Z",
};
const comment = {
  id: 9001,
  body: "same here",
  user: { login: "other" },
  html_url: "https://github.com/SeldonIO/MLServer/issues/42#issuecomment-9001",
  issue_url: "https://api.github.com/repos/SeldonIO/MLServer/issues/42",
  created_at: "2026-11-21T10:00:00Z",
  updated_at: "2026-11-21T10:00:00Z",
};

async function deliver(
  app: ReturnType<typeof makeTestApp>["app"],
  event: string,
  payload: unknown,
  secret = SECRET,
) {
  const body = JSON.stringify(payload);
  return app.request("/github/webhook", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-hub-signature-256": `sha256=${await signHmacSha256(secret, body)}`,
    },
  });
}

describe("POST /github/webhook", () => {
  it("stores an issue event and clusters it", async () => {
    const { app, deps } = makeTestApp({ githubWebhookSecret: SECRET });
    const response = await deliver(app, "issues", { action: "opened", issue });
    expect(response.status).toBe(200);
    const rows = await deps.database.db.select().from(issues);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ number: 42, repo: "SeldonIO/MLServer", needsAnalysis: false });
    expect(rows[0]?.clusterId).not.toBeNull();
  });

  it("stores, then deletes, a comment", async () => {
    const { app } = makeTestApp({ githubWebhookSecret: SECRET });
    expect((await deliver(app, "issue_comment", { action: "created", issue, comment })).status).toBe(200);
    let listed = await readJson(await app.request("/api/issues"));
    expect(listed.issues[0].commentCount).toBe(1);
    expect((await deliver(app, "issue_comment", { action: "deleted", issue, comment })).status).toBe(200);
    listed = await readJson(await app.request("/api/issues"));
    expect(listed.issues[0].commentCount).toBe(0);
  });

  it("acknowledges a ping and ignores other events", async () => {
    const { app } = makeTestApp({ githubWebhookSecret: SECRET });
    expect((await deliver(app, "ping", { zen: "Keep it logically awesome." })).status).toBe(200);
    expect((await deliver(app, "star", { action: "created" })).status).toBe(202);
  });

  it("rejects a bad or missing signature with 401 and stores nothing", async () => {
    const { app, deps } = makeTestApp({ githubWebhookSecret: SECRET });
    await expectProblem(await deliver(app, "issues", { action: "opened", issue }, "wrong-secret"), 401);
    await expectProblem(
      await app.request("/github/webhook", {
        method: "POST",
        body: "{}",
        headers: { "x-github-event": "issues" },
      }),
      401,
    );
    expect(await deps.database.db.select().from(issues)).toHaveLength(0);
  });

  it("answers a signed but malformed payload with 400", async () => {
    const { app } = makeTestApp({ githubWebhookSecret: SECRET });
    await expectProblem(await deliver(app, "issues", { action: "opened" }), 400);
  });

  it("refuses a payload over 1 MiB with 413 before checking it", async () => {
    const { app } = makeTestApp({ githubWebhookSecret: SECRET });
    await expectProblem(
      await deliver(app, "issues", { action: "opened", issue: { ...issue, body: "x".repeat(1_100_000) } }),
      413,
    );
  });

  it("answers 404 when no webhook secret is configured", async () => {
    const { app } = makeTestApp({ githubWebhookSecret: undefined });
    await expectProblem(await deliver(app, "issues", { action: "opened", issue }), 404);
  });

  it("answers before refreshing, and serves a burst that arrives during a refresh with one more run", async () => {
    const database = makeTestDb();
    const logger = memoryLogger();
    const tasks = backgroundTasks(logger);
    const slow = gatedStep("slow-start");
    const refresh = createRefreshCoordinator({
      database,
      clock: fixedClock(TEST_NOW),
      logger,
      steps: [slow, ...knowledgeSteps()],
    });
    const { app } = makeTestApp({ database, githubWebhookSecret: SECRET, defer: tasks.defer, refresh });
    expect((await deliver(app, "issues", { action: "opened", issue })).status).toBe(200);
    await slow.started;
    // Answered while the refresh is still running: the issue is stored but not yet clustered.
    expect((await database.db.select().from(issues))[0]?.clusterId).toBeNull();
    for (let n = 1; n <= 4; n++) {
      const edited = { ...issue, title: `${issue.title} (edit ${n})`, updated_at: `2026-11-2${n}T10:00:00Z` };
      expect((await deliver(app, "issues", { action: "edited", issue: edited })).status).toBe(200);
    }
    slow.open();
    await tasks.settled();
    expect(slow.runs).toBe(2);
    const rows = await database.db.select().from(issues);
    expect(rows[0]).toMatchObject({ title: `${issue.title} (edit 4)`, needsAnalysis: false });
    expect(rows[0]?.clusterId).not.toBeNull();
  });
});
