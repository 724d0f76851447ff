import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issues } from "../../src/db/schema.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { CHROMIUM, hasChromium, launchChromium } from "../helpers/browser.js";
import { seedCorpus } from "../helpers/seed.js";
import { makeTestApp } from "../helpers/test-app.js";
import { makeTestDb } from "../helpers/test-db.js";

if (!hasChromium) {
  process.stdout.write(`skipping the browser test: ${CHROMIUM} is absent (apt-get install -y chromium)\n`);
}

const PASTED_LOG = [
  "2024-03-01 10:00:01,123 [mlserver] INFO - Loaded model 'iris' successfully.",
  'INFO:     10.4.0.7:51234 - "GET /v2/health/ready HTTP/1.1" 200 OK',
  "Traceback (most recent call last):",
  '  File "/opt/conda/lib/python3.10/site-packages/mlserver/rest/app.py", line 42, in handler',
  "    return await self._infer(payload)",
  '  File "/usr/lib/python3/json/encoder.py", line 179, in default',
  "    raise TypeError(f'Object of type {o.__class__.__name__} '",
  "TypeError: Object of type int64 is not JSON serializable",
  'INFO:     10.4.0.9:51240 - "POST /v2/models/iris/infer HTTP/1.1" 500 Internal Server Error',
].join("\n");

describe.skipIf(!hasChromium)("the search page in a real browser", () => {
  const database = makeTestDb();
  const { app } = makeTestApp({ database });
  let server: ServerType;
  let base = "";
  let expectedCluster = "";

  beforeAll(async () => {
    await seedCorpus(database, corpus);
    const families = corpus.families as Record<string, string | null>;
    const key = Object.keys(families).find((k) => families[k] === "json-not-serializable") ?? "";
    const [repo, number] = key.split("#");
    const rows = await database.db
      .select({ repo: issues.repo, number: issues.number, clusterId: issues.clusterId })
      .from(issues);
    expectedCluster = rows.find((r) => r.repo === repo && r.number === Number(number))?.clusterId ?? "";
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it("pastes a log into / and sees the right cluster first", async () => {
    expect(expectedCluster).not.toBe("");
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/`);
      await page.fill("textarea#q", PASTED_LOG);
      await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit]")]);
      const first = page.locator('[data-testid="result"]').first();
      await first.waitFor();
      expect(await first.getAttribute("data-id")).toBe(expectedCluster);
      expect(await first.locator('[data-testid="result-title"]').getAttribute("href")).toBe(
        `/clusters/${expectedCluster}`,
      );
      expect(await page.textContent("body")).toContain("int64");
      await first.locator('[data-testid="result-title"]').click();
      await page.waitForURL(`${base}/clusters/${expectedCluster}`);
      expect(await page.textContent('[data-testid="template"]')).toContain("JSON serializable");
    } finally {
      await browser.close();
    }
  });
});
