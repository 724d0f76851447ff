import { afterEach, describe, expect, it } from "vitest";
import { auditLog } from "../../src/db/schema.js";
import { SELDON_DOCS_SEED } from "../../src/emulators/github-docs-seed.js";
import { type GitHubEmulator, startGitHubEmulator } from "../../src/emulators/github-emulator.js";
import { seedExportFixture } from "../helpers/export-entries.js";
import { makeTestApp, TEST_ADMIN_TOKEN } from "../helpers/test-app.js";

let emu: GitHubEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const form = (target: string) => ({
  method: "POST",
  headers: { ...ADMIN, "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  body: new URLSearchParams({ target }).toString(),
});

async function setup() {
  emu = await startGitHubEmulator({
    corpus: { repos: [], issues: [], comments: [], families: {} },
    git: SELDON_DOCS_SEED,
  });
  const made = makeTestApp({ github: { apiUrl: emu.url, token: "admin-github-token", writeSpacingMs: 0 } });
  await seedExportFixture(made.deps.database);
  return made;
}

describe("/export page", () => {
  it("is for admins only: 401 without credentials, 403 with another token", async () => {
    const { app } = await setup();
    const anonymous = await app.request("/export");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="seldon-kb"');
    expect(await anonymous.text()).toContain("Admins only");
    expect((await app.request("/export", { headers: { authorization: "Bearer nope" } })).status).toBe(403);
    expect(
      (
        await app.request("/export/pr", {
          ...form("core-v2"),
          headers: { ...form("core-v2").headers, authorization: "" },
        })
      ).status,
    ).toBe(401);
    expect(emu?.stats.writes).toBe(0);
  });

  it("lists each docs tree's pages with their sources, escaping entry text", async () => {
    const { app } = await setup();
    const res = await app.request("/export", { headers: ADMIN });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Give back upstream");
    expect(html).toContain("SeldonIO/seldon-core · branch v2 · docs-gb/troubleshooting/ · 3 pages");
    expect(html).toContain("SeldonIO/MLServer · branch master · docs-gb/troubleshooting/ · 2 pages");
    expect(html).toContain(
      "Agent cannot find model-settings.json &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;",
    );
    expect(html).not.toContain("<script>alert");
    expect(html).toContain('href="https://github.com/SeldonIO/seldon-core/issues/60"');
  });

  it("previews the pull request without writing, then opens it, links to it and audits it", async () => {
    const { app, deps } = await setup();
    const preview = await app.request("/export/preview", form("core-v2"));
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("dry run: would commit 5 files");
    expect(previewHtml).toContain("+++ b/docs-gb/troubleshooting/README.md");
    expect(emu?.stats.writes).toBe(0);
    const opened = await app.request("/export/pr", form("core-v2"));
    const html = await opened.text();
    expect(html).toMatch(/opened pull request #(\d+)/);
    const number = /opened pull request #(\d+)/.exec(html)?.[1];
    expect(html).toContain(`href="https://github.com/SeldonIO/seldon-core/pull/${number}"`);
    const audit = await deps.database.db.select().from(auditLog);
    expect(audit).toMatchObject([
      { actor: "admin-token", action: "export.pr.opened", subject: `SeldonIO/seldon-core#${number}` },
    ]);
    const again = await (await app.request("/export/pr", form("core-v2"))).text();
    expect(again).toContain(`no changes: pull request #${number} is up to date; no commit made`);
  });

  it("answers 400 for an unknown docs tree and refuses a cross-site form post", async () => {
    const { app } = await setup();
    expect((await app.request("/export/pr", form("core-v9"))).status).toBe(400);
    const crossSite = await app.request("/export/pr", {
      ...form("core-v2"),
      headers: { ...form("core-v2").headers, origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    expect(emu?.stats.writes).toBe(0);
  });
});
