// /export for admins: what the export holds per docs tree, a preview (dry run) of the pull request,
// and the button that opens or updates it. Every pull request action goes to audit_log.
import type { Context } from "hono";
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { listExportAudit, recordExportAudit } from "../../db/queries/export.js";
import type { DocsSet } from "../../domain/export/docs-set.js";
import { DOCS_TARGETS } from "../../domain/export/targets.js";
import { DOCS_TARGET_KEYS, type DocsTargetKey } from "../../domain/export/types.js";
import { buildAllDocsSets } from "../../export/docs-sets.js";
import { ExportError } from "../../export/export-error.js";
import { describeOutcome } from "../../export/outcome-text.js";
import { runDocsPullRequest } from "../../export/pull-request.js";
import { createGitHubClient } from "../../github/client.js";
import type { AppEnv, AppRouter } from "../deps.js";
import { loadSession, pageSecurityHeaders, requirePageRole } from "./curator/session.js";
import { ExportPage, type ExportPageProps } from "./export-view.js";
import { pageRenderer } from "./layout.js";

const STYLE = `
.target{margin:1.5rem 0;padding-top:.5rem;border-top:1px solid #e5e7eb}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eef0f3;vertical-align:top}
th{font-size:13px;color:#6b7280;font-weight:600}.issue{margin-right:.5rem;white-space:nowrap;display:inline-block}
.actions{display:flex;gap:.6rem;margin-top:.8rem}button{font:inherit;padding:.35rem .8rem;border:1px solid #c7ccd4;border-radius:4px;background:#fff;cursor:pointer}
button.primary{background:#1d4ed8;border-color:#1d4ed8;color:#fff}button:disabled{opacity:.5;cursor:not-allowed}
.result{background:#f0f7ff;border:1px solid #bfdbfe;border-radius:6px;padding:.2rem 1rem 1rem;margin:1rem 0}
`;

async function renderExport(c: Context<AppEnv>, extra: Pick<ExportPageProps, "result" | "error">) {
  const { database, github } = c.var.deps;
  const sets = new Map<DocsTargetKey, DocsSet>(
    (await buildAllDocsSets(database)).map((s) => [s.target.key, s]),
  );
  const audit = await listExportAudit(database.db, 10);
  return c.render(
    <>
      <style>{STYLE}</style>
      <ExportPage sets={sets} audit={audit} githubConfigured={Boolean(github?.token)} {...extra} />
    </>,
    { title: "Give back upstream" },
  );
}

async function runAction(c: Context<AppEnv>, dryRun: boolean) {
  const form = await c.req.parseBody();
  const key = String(form.target ?? "") as DocsTargetKey;
  if (!DOCS_TARGET_KEYS.includes(key)) {
    c.status(400);
    return renderExport(c, { result: null, error: "Choose one of the docs trees listed below." });
  }
  const { github, database, clock } = c.var.deps;
  if (!github?.token) {
    c.status(400);
    return renderExport(c, { result: null, error: "GITHUB_TOKEN is not set on the server." });
  }
  const target = DOCS_TARGETS[key];
  const client = createGitHubClient({
    baseUrl: github.apiUrl,
    token: github.token,
    onRateLimitExhausted: "stop",
    writeSpacingMs: github.writeSpacingMs,
  });
  try {
    const outcome = await runDocsPullRequest(
      { octokit: client.octokit, database, log: (line) => c.var.deps.logger.info("export", { line }) },
      { upstream: target.repo, base: target.branch, target: key, dryRun },
    );
    if (!dryRun)
      await recordExportAudit(database.db, {
        actor: c.get("session")?.principal.label ?? "admin",
        action: `export.pr.${outcome.kind}`,
        subject: outcome.pull
          ? `${outcome.upstream}#${outcome.pull.number}`
          : `${outcome.upstream}@${outcome.base}`,
        detail: { commit: outcome.commit, changes: outcome.changes, head: outcome.head },
        at: clock.now().toISOString(),
      });
    return renderExport(c, {
      result: { target: key, outcome, summary: describeOutcome(outcome) },
      error: null,
    });
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    c.status(502);
    return renderExport(c, { result: null, error: error.message });
  }
}

export function registerExportPage(app: AppRouter): void {
  const page = new Hono<AppEnv>();
  // Admins only, through the same page session and CSRF token as the curator pages.
  const admin = requirePageRole("admin");
  page.use("/export", pageRenderer, pageSecurityHeaders, loadSession, admin);
  page.use("/export/*", pageRenderer, pageSecurityHeaders, loadSession, csrf(), admin);
  page.get("/export", (c) => renderExport(c, { result: null, error: null }));
  page.post("/export/preview", (c) => runAction(c, true));
  page.post("/export/pr", (c) => runAction(c, false));
  app.route("/", page);
}
