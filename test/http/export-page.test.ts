import { afterEach, describe, expect, it } from "vitest";
import { createToken } from "../../src/curation/tokens.js";
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

type App = ReturnType<typeof makeTestApp>["app"];

/** Signs in through /login as a page user would; the cookie and the form token every POST needs. */
async function signIn(app: App, token: string) {
  const res = await app.request("http://localhost/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    body: new URLSearchParams({ token, next: "/export" }).toString(),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  // The export page's forms carry the token (a curator is refused the page and needs none).
  const page = await (await app.request("http://localhost/export", { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  return { cookie, csrf };
}

let session = { cookie: "", csrf: "" };
const ADMIN = () => ({ cookie: session.cookie });
const form = (target: string, csrf = session.csrf) => ({
  method: "POST",
  headers: { ...ADMIN(), "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  body: new URLSearchParams({ target, _csrf: csrf }).toString(),
});

async function setup() {
  emu = await startGitHubEmulator({
    corpus: { repos: [], issues: [], comments: [], families: {} },
    git: SELDON_DOCS_SEED,
  });
  const made = makeTestApp({ github: { apiUrl: emu.url, token: "admin-github-token", writeSpacingMs: 0 } });
  await seedExportFixture(made.deps.database);
  session = await signIn(made.app, TEST_ADMIN_TOKEN);
  return made;
}

describe("/export page", () => {
  it("is for admins only: sign-in first, 403 for a curator, and a form needs the session's token", async () => {
    const { app, deps } = await setup();
    const anonymous = await app.request("http://localhost/export");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/login?next=%2Fexport");
    const noSession = await app.request("http://localhost/export/pr", {
      ...form("core-v2"),
      headers: { ...form("core-v2").headers, cookie: "" },
    });
    expect(noSession.status).toBe(401);
    const curator = await createToken(deps, { role: "curator", label: "cora", actor: "test" });
    const curatorSession = await signIn(app, curator.token);
    const asCurator = await app.request("http://localhost/export", {
      headers: { cookie: curatorSession.cookie },
    });
    expect(asCurator.status).toBe(403);
    expect(await asCurator.text()).toContain("This page is for admins");
    expect((await app.request("http://localhost/export/pr", form("core-v2", "forged"))).status).toBe(403);
    expect(emu?.stats.writes).toBe(0);
  });

  it("lists each docs tree's pages with their sources, escaping entry text", async () => {
    const { app } = await setup();
    const res = await app.request("http://localhost/export", { headers: ADMIN() });
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
    const preview = await app.request("http://localhost/export/preview", form("core-v2"));
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("dry run: would commit 5 files");
    expect(previewHtml).toContain("+++ b/docs-gb/troubleshooting/README.md");
    expect(emu?.stats.writes).toBe(0);
    const opened = await app.request("http://localhost/export/pr", form("core-v2"));
    const html = await opened.text();
    expect(html).toMatch(/opened pull request #(\d+)/);
    const number = /opened pull request #(\d+)/.exec(html)?.[1];
    expect(html).toContain(`href="https://github.com/SeldonIO/seldon-core/pull/${number}"`);
    const audit = await deps.database.db.select().from(auditLog);
    expect(audit.filter((a) => a.action.startsWith("export."))).toMatchObject([
      {
        actor: "admin (KB_ADMIN_TOKEN)",
        action: "export.pr.opened",
        subject: `SeldonIO/seldon-core#${number}`,
      },
    ]);
    const again = await (await app.request("http://localhost/export/pr", form("core-v2"))).text();
    expect(again).toContain(`no changes: pull request #${number} is up to date; no commit made`);
  });

  it("answers 400 for an unknown docs tree and refuses a cross-site form post", async () => {
    const { app } = await setup();
    expect((await app.request("http://localhost/export/pr", form("core-v9"))).status).toBe(400);
    const crossSite = await app.request("http://localhost/export/pr", {
      ...form("core-v2"),
      headers: { ...form("core-v2").headers, origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    expect(emu?.stats.writes).toBe(0);
  });
});
