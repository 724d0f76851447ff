import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchLog } from "../../src/db/schema.js";
import { SlackEmulator } from "../../src/emulators/slack-emulator.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";
import { makeTestApp, readJson, TEST_NOW } from "../helpers/test-app.js";
import { makeTestDb } from "../helpers/test-db.js";

const SLACK_SECRET = "slack-signing-secret-for-tests";
const PASSWORD = "Hunter2-kb-test-pw";
const TOKEN = "tok-9f8e7d6c5b4a";
// A log as people paste it: the error the corpus knows, with credentials around it.
const PASTE = [
  `level=info msg="connecting" dsn="postgres://kb:${PASSWORD}@db:5432/kb"`,
  `level=error msg="request failed" token=${TOKEN}`,
  "TypeError: Object of type float32 is not JSON serializable",
].join("\n");

describe("secrets in a pasted query", () => {
  const database = makeTestDb();
  const { app } = makeTestApp({ database, slackSigningSecret: SLACK_SECRET });
  let slack: SlackEmulator;

  beforeAll(async () => {
    await seedCorpus(database, corpus);
    slack = await SlackEmulator.start({ signingSecret: SLACK_SECRET, now: () => new Date(TEST_NOW) });
  });
  afterAll(async () => {
    await slack.close();
  });

  const expectClean = (text: string) => {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(TOKEN);
  };

  it("are not stored in the search log, while the rest of the query is", async () => {
    await app.request(`/api/search?q=${encodeURIComponent(PASTE)}`);
    const rows = await database.db.select().from(searchLog);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expectClean(row.query);
    expect(rows.at(-1)?.query).toContain("not JSON serializable");
    expect(rows.at(-1)?.query).toContain("[REDACTED]");
  });

  it("are not echoed by GET or POST /api/search, which still find the error", async () => {
    const got = await app.request(`/api/search?q=${encodeURIComponent(PASTE)}`);
    const posted = await app.request("/api/search", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ q: PASTE }),
    });
    for (const res of [got, posted]) {
      expect(res.status).toBe(200);
      const text = await res.text();
      expectClean(text);
      expect(JSON.parse(text).results.length).toBeGreaterThan(0);
    }
  });

  it("are not shown on the search page, in the form or in the results", async () => {
    const res = await app.request("http://localhost/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
      body: new URLSearchParams({ q: PASTE }).toString(),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expectClean(html);
    expect(html).toContain('data-testid="result"');
    expect(html).toContain("[REDACTED]");
    expect(html).toContain('data-testid="redacted-note"');
  });

  it("are not echoed in the Slack answer or its search-page link", async () => {
    for (const text of [PASTE, `xyzzy plugh password=${PASSWORD} token=${TOKEN}`]) {
      const signed = await slack.signCommand({ text });
      const res = await app.request("/slack/commands", {
        method: "POST",
        body: signed.body,
        headers: signed.headers,
      });
      expect(res.status).toBe(200);
      const body = JSON.stringify(await readJson(res));
      expectClean(body);
      expectClean(decodeURIComponent(body));
    }
  });
});
