// Screenshots of the curator pages of a running demo (npm run demo), for the README and for looking
// at them: node --import tsx scripts/screenshots.ts --url http://localhost:8787 --token TOKEN --out DIR
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:8787" },
    token: { type: "string", default: "demo-curator-token-change-me" },
    out: { type: "string", default: "screenshots" },
  },
});
const base = values.url!.replace(/\/$/, "");
const out = resolve(values.out!);
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const shot = async (name: string, path: string, fullPage = true) => {
    if (path) await page.goto(`${base}${path}`);
    await page.screenshot({ path: `${out}/${name}.png`, fullPage });
    process.stdout.write(`${out}/${name}.png\n`);
  };
  await shot("login", "/login", false);
  await page.fill("#token", values.token!);
  await Promise.all([page.waitForURL(/\/queue/), page.click("button[type=submit]")]);
  await shot("queue", "", false);
  const entry = await page.locator('[data-kind="stale-entry"] a').first().getAttribute("href");
  await shot("queue-demand", "/queue?state=demand", false);
  if (entry) await shot("entry-needs-review", entry.replace(/\/edit$/, ""));
  await page.goto(`${base}/queue`);
  const cluster = await page.locator('[data-kind="cluster"]').first().getAttribute("data-cluster");
  await Promise.all([
    page.waitForURL(/\/edit/),
    page.locator('[data-kind="cluster"] [data-testid="promote"]').first().click(),
  ]);
  await shot("edit", "");
  await page.locator('[data-testid="use-candidate"]').first().click();
  await page.waitForLoadState();
  await page.fill("#cause", "The container's memory limit is below what the model needs while it loads.");
  await Promise.all([page.waitForURL(/notice=/), page.click('button[value="save"]')]);
  await Promise.all([page.waitForURL(/\/entries\/ent_\w+$/), page.click('[data-testid="publish"]')]);
  const entryUrl = new URL(page.url()).pathname;
  await shot("entry", "");
  await shot("history", `${entryUrl}/history`);
  await shot("entries", "/entries", false);
  await shot("curate", `/clusters/${cluster}/curate`, false);
  await shot("corrections", "/corrections", false);
  await page.goto(`${base}/`);
  await page.fill(
    "textarea#q",
    "OOMKilled: the predictor container was killed\nLast State: Terminated  Reason: OOMKilled  Exit Code: 137",
  );
  await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit]")]);
  await shot("search", "", false);
} finally {
  await browser.close();
}
