import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackEmulator } from "../../src/emulators/slack-emulator.js";
import type { SearchService } from "../../src/search/index.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";
import { expectProblem, makeTestApp, readJson, TEST_NOW } from "../helpers/test-app.js";
import { makeTestDb } from "../helpers/test-db.js";

const SECRET = "slack-signing-secret-for-tests";
const NOW_SECONDS = Math.floor(new Date(TEST_NOW).getTime() / 1000);

describe("POST /slack/commands", () => {
  const database = makeTestDb();
  const { app, logger } = makeTestApp({
    database,
    slackSigningSecret: SECRET,
    publicUrl: "https://kb.example.org",
  });
  let slack: SlackEmulator;

  beforeAll(async () => {
    await seedCorpus(database, corpus);
    slack = await SlackEmulator.start({ signingSecret: SECRET, now: () => new Date(TEST_NOW) });
  });
  afterAll(async () => {
    await slack.close();
  });

  const send = async (signed: { body: string; headers: Record<string, string> }, target = app) =>
    target.request("/slack/commands", { method: "POST", body: signed.body, headers: signed.headers });

  it("answers a correctly signed command with ephemeral Block Kit within 3 seconds", async () => {
    const started = Date.now();
    const res = await send(
      await slack.signCommand({ text: "TypeError: Object of type float32 is not JSON serializable" }),
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.response_type).toBe("ephemeral");
    const text = JSON.stringify(body.blocks);
    expect(text).toContain("https://kb.example.org/clusters/");
    expect(text).toContain("JSON serializable");
    expect(text).toContain("https://github.com/SeldonIO/");
    const shown = body.blocks.filter((b: { type: string }) => b.type === "divider").length;
    expect(shown).toBeGreaterThanOrEqual(1);
    expect(shown).toBeLessThanOrEqual(3);
  });

  it("answers help with the usage", async () => {
    const body = await readJson(await send(await slack.signCommand({ text: "help" })));
    expect(JSON.stringify(body.blocks)).toContain("/seldon-kb ERROR TEXT");
  });

  it("answers empty text with the usage", async () => {
    const body = await readJson(await send(await slack.signCommand({ text: "   " })));
    expect(body.text).toContain("Usage");
  });

  it("answers no match with a link to the search page", async () => {
    const body = await readJson(await send(await slack.signCommand({ text: "xyzzy plugh frobnicate" })));
    expect(body.text).toContain("No known problem");
    expect(JSON.stringify(body.blocks)).toContain("https://kb.example.org/?q=xyzzy");
  });

  it("answers binary text with a message instead of an error", async () => {
    const res = await send(await slack.signCommand({ text: "abc\u0000def" }));
    expect(res.status).toBe(200);
    expect((await readJson(res)).text).toContain("binary");
  });

  it("answers invalid UTF-8 text with a message instead of an error", async () => {
    const signed = await slack.signCommand({ text: "PLACEHOLDER" });
    const body = signed.body.replace("PLACEHOLDER", "caf%FF%FE");
    const resigned = await slack.signCommand({ text: "x" });
    const { slackSignature } = await import("../../src/emulators/slack-emulator.js");
    const headers = {
      ...resigned.headers,
      "x-slack-signature": await slackSignature(
        SECRET,
        resigned.headers["x-slack-request-timestamp"] ?? "",
        body,
      ),
    };
    const res = await send({ body, headers });
    expect(res.status).toBe(200);
    expect((await readJson(res)).text).toContain("UTF-8");
  });

  it("answers text above 64 KiB with a message instead of an error", async () => {
    const res = await send(await slack.signCommand({ text: "x".repeat(64 * 1024 + 1) }));
    expect(res.status).toBe(200);
    expect((await readJson(res)).text).toContain("64 KiB");
  });

  it("rejects a bad signature with a 401", async () => {
    await expectProblem(
      await send(await slack.signCommand({ text: "error" }, { secret: "some-other-secret" })),
      401,
    );
  });

  it("rejects a body changed after signing with a 401", async () => {
    const signed = await slack.signCommand({ text: "error" });
    await expectProblem(await send({ ...signed, body: signed.body.replace("error", "other") }), 401);
  });

  it("rejects a stale timestamp with a 401", async () => {
    const problem = await expectProblem(
      await send(await slack.signCommand({ text: "error" }, { timestamp: String(NOW_SECONDS - 301) })),
      401,
    );
    expect(problem.detail).toContain("5 minutes");
  });

  it("rejects a timestamp from the future with a 401", async () => {
    await expectProblem(
      await send(await slack.signCommand({ text: "error" }, { timestamp: String(NOW_SECONDS + 301) })),
      401,
    );
  });

  it("rejects a request without the timestamp header with a 401", async () => {
    const signed = await slack.signCommand({ text: "error" });
    const { "x-slack-request-timestamp": _t, ...headers } = signed.headers;
    await expectProblem(await send({ body: signed.body, headers }), 401);
  });

  it("rejects a request without the signature header with a 401", async () => {
    const signed = await slack.signCommand({ text: "error" });
    const { "x-slack-signature": _s, ...headers } = signed.headers;
    await expectProblem(await send({ body: signed.body, headers }), 401);
  });

  it("rejects every command when no signing secret is configured", async () => {
    const unconfigured = makeTestApp({ database }).app;
    await expectProblem(await send(await slack.signCommand({ text: "error" }), unconfigured), 401);
  });

  it("sends slow results to response_url after a quick acknowledgement", async () => {
    const real = makeTestApp({ database }).deps.search as SearchService;
    const slow: SearchService = {
      ...real,
      search: async (r) => new Promise((done) => setTimeout(() => done(real.search(r)), 150)),
    };
    const { app: slowApp } = makeTestApp({
      database,
      slackSigningSecret: SECRET,
      search: slow,
      slackReplyDeadlineMs: 20,
    });
    const responseUrl = slack.responseUrl();
    const res = await send(
      await slack.signCommand({ text: "no healthy upstream", response_url: responseUrl }),
      slowApp,
    );
    expect((await readJson(res)).text).toContain("results will follow");
    const followUp = await slack.waitForFollowUp(responseUrl);
    expect(followUp.body).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(JSON.stringify(followUp.body)).toContain("/clusters/");
  });

  it("answers a friendly ephemeral message when search fails inside", async () => {
    const broken: SearchService = {
      search: async () => {
        throw new Error("disk on fire");
      },
      refresh: async () => ({ added: 0, updated: 0, removed: 0, documents: 0 }),
      rebuild: async () => ({ added: 0, updated: 0, removed: 0, documents: 0 }),
      catchUp: async () => {},
    };
    const made = makeTestApp({ database, slackSigningSecret: SECRET, search: broken });
    const res = await send(await slack.signCommand({ text: "no healthy upstream" }), made.app);
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.text).toContain("Sorry");
    expect(body.text).not.toContain("disk on fire");
    expect(made.logger.lines.some((l) => l.level === "error" && l.message === "slack search failed")).toBe(
      true,
    );
    expect(logger.lines.length).toBeGreaterThan(0);
  });
});
