// The curator walk in Debian's chromium: sign in → queue → promote the top item → edit while a
// second curator edits too (conflict page) → publish → paste the error on / → the entry comes
// first → the Slack command answers with it. Issue text on every page is hostile; none of it runs.
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewAfterRefresh } from "../../src/curation/review.js";
import { createToken } from "../../src/curation/tokens.js";
import { systemClock } from "../../src/domain/clock.js";
import { SlackEmulator } from "../../src/emulators/slack-emulator.js";
import { hasChromium, launchChromium } from "../helpers/browser.js";
import { hostileCorpus } from "../helpers/hostile-corpus.js";
import { seedCorpus } from "../helpers/seed.js";
import { makeTestApp, readJson, TEST_ADMIN_TOKEN } from "../helpers/test-app.js";
import { makeTestDb } from "../helpers/test-db.js";

const SECRET = "slack-signing-secret-for-tests";

describe.skipIf(!hasChromium)("the curator walk in a real browser", () => {
  const database = makeTestDb();
  // The browser drops a cookie that expired by its own clock: the server's clock must be real here.
  const { app, deps } = makeTestApp({
    database,
    clock: systemClock,
    slackSigningSecret: SECRET,
    publicUrl: "https://kb.example.org",
  });
  let server: ServerType;
  let base = "";
  let browser: Browser;
  let curatorToken = "";
  const dialogs: string[] = [];

  beforeAll(async () => {
    await seedCorpus(database, hostileCorpus());
    await reviewAfterRefresh(deps);
    curatorToken = (await createToken(deps, { role: "curator", label: "bo", actor: "test" })).token;
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  // Our CSP forbids scripts anyway; bypass it so the test proves the escaping itself.
  async function signedIn(token: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${base}/login`);
    await assertInert(page);
    await page.fill("#token", token);
    await Promise.all([page.waitForURL(`${base}/queue`), page.click("button[type=submit]")]);
    return { context, page };
  }

  async function assertInert(page: Page) {
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      handlers: document.querySelectorAll("[onerror],[onload],[onclick]").length,
      scripts: document.querySelectorAll("script").length,
      jsLinks: [...document.querySelectorAll("a[href],img[src]")].filter((e) =>
        /^\s*javascript:/i.test(e.getAttribute("href") ?? e.getAttribute("src") ?? ""),
      ).length,
    }));
    expect(state, page.url()).toEqual({ pwned: null, handlers: 0, scripts: 0, jsLinks: 0 });
    expect(dialogs).toEqual([]);
  }

  it("signs in, promotes, resolves a conflict, publishes, and the entry answers on / and in Slack", {
    timeout: 90_000,
  }, async () => {
    const a = await signedIn(TEST_ADMIN_TOKEN);
    await assertInert(a.page);
    const top = a.page.locator('[data-testid="queue-item"]').first();
    const clusterId = (await top.getAttribute("data-cluster")) ?? "";
    expect(clusterId).toMatch(/^cl_/);
    await Promise.all([
      a.page.waitForURL(/\/entries\/ent_\w+\/edit/),
      top.locator('[data-testid="promote"]').click(),
    ]);
    const entryId = /\/entries\/(ent_\w+)\/edit/.exec(a.page.url())?.[1] ?? "";
    await assertInert(a.page);

    const b = await signedIn(curatorToken);
    await b.page.goto(`${base}/entries/${entryId}/edit`);
    await assertInert(b.page);

    // Curator A takes the first candidate fix (it carries hostile markdown) and saves version 2.
    const candidate = (await a.page.locator('[data-testid="candidates"] pre').first().textContent()) ?? "";
    expect(candidate).toContain("javascript:window.__pwned");
    await Promise.all([
      a.page.waitForLoadState(),
      a.page.locator('[data-testid="use-candidate"]').first().click(),
    ]);
    expect(await a.page.inputValue("#resolution")).toContain("> ");
    await assertInert(a.page);
    await a.page.fill("#cause", "The server's limit is lower than what clients send.");
    await Promise.all([a.page.waitForURL(/notice=/), a.page.click('button[value="save"]')]);
    expect(await a.page.textContent("body")).toContain("Saved as version 2");

    // Curator B saves on version 1: the conflict page shows both texts.
    await b.page.fill("#cause", "B thinks it is a proxy in between.");
    await b.page.click('button[value="save"]');
    await b.page.locator('[data-testid="conflict"]').waitFor();
    const conflict = (await b.page.textContent("body")) ?? "";
    expect(conflict).toContain("Someone saved this entry while you were editing");
    expect(conflict).toContain("The server's limit is lower than what clients send.");
    expect(await b.page.inputValue("#cause")).toBe("B thinks it is a proxy in between.");
    await assertInert(b.page);

    await Promise.all([
      a.page.waitForURL(`${base}/entries/${entryId}`),
      a.page.click('[data-testid="publish"]'),
    ]);
    expect(await a.page.textContent('[data-testid="resolution"]')).toContain(
      candidate.split("\n")[0]!.slice(0, 40),
    );
    await assertInert(a.page);
    await a.page.goto(`${base}/entries/${entryId}/history`);
    expect(await a.page.locator('[data-testid="version"]').count()).toBe(3);
    await assertInert(a.page);

    // Anyone pastes the error on the search page: the published entry is the first answer.
    const cluster = await readJson(await app.request(`/api/clusters/${clusterId}`));
    const line = cluster.samples[0].line as string;
    const visitor = await browser.newContext({ bypassCSP: true });
    const page = await visitor.newPage();
    await page.goto(`${base}/`);
    await page.fill("textarea#q", `some log noise\n${line}\nmore noise`);
    await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit]")]);
    const first = page.locator('[data-testid="result"]').first();
    expect(await first.getAttribute("data-type")).toBe("entry");
    expect(await first.getAttribute("data-id")).toBe(entryId);
    await assertInert(page);
    await page.goto(`${base}/clusters/${clusterId}`);
    await assertInert(page);
    await page.goto(`${base}/entries/${entryId}`);
    await assertInert(page);

    const slack = await SlackEmulator.start({ signingSecret: SECRET });
    try {
      const signed = await slack.signCommand({ text: line });
      const res = await app.request("/slack/commands", {
        method: "POST",
        body: signed.body,
        headers: signed.headers,
      });
      const blocks = JSON.stringify((await readJson(res)).blocks);
      const firstLink = /<(https:\/\/kb\.example\.org\/(?:entries|clusters)\/[^|>]+)\|/.exec(blocks)?.[1];
      expect(firstLink).toBe(`https://kb.example.org/entries/${entryId}`);
      expect(blocks).not.toContain("<script>");
      // The fix comes first: the resolution's first paragraph right under the entry's title.
      expect(blocks).toContain(`>${candidate.split("\n")[0]!.slice(0, 30)}`);
    } finally {
      await slack.close();
    }
    await Promise.all([a.context.close(), b.context.close(), visitor.close()]);
  });
});
