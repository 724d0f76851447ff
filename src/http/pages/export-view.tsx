// The /export page's markup: pure components, every text from entries and GitHub escaped by JSX.
import type { DocsSet } from "../../domain/export/docs-set.js";
import { sortedSources } from "../../domain/export/page.js";
import { DOCS_TARGETS } from "../../domain/export/targets.js";
import { DOCS_TARGET_KEYS, type DocsTargetKey } from "../../domain/export/types.js";
import type { PullRequestOutcome } from "../../export/pull-request.js";
import { Csrf } from "./curator/session.js";

export interface AuditRow {
  id: number;
  actor: string;
  action: string;
  subject: string;
  detail: unknown;
  createdAt: string;
}

export interface ExportPageProps {
  sets: Map<DocsTargetKey, DocsSet>;
  result: { target: DocsTargetKey; outcome: PullRequestOutcome; summary: string } | null;
  error: string | null;
  audit: AuditRow[];
  githubConfigured: boolean;
}

function TargetSection({
  targetKey,
  set,
  ready,
}: {
  targetKey: DocsTargetKey;
  set?: DocsSet;
  ready: boolean;
}) {
  const target = DOCS_TARGETS[targetKey];
  const pages = set?.pages ?? [];
  return (
    <section class="target" data-target={targetKey}>
      <h2>{target.product} docs</h2>
      <p class="meta">
        {target.repo} · branch {target.branch} · {target.docsRoot}/{target.folder}/ · {pages.length} page
        {pages.length === 1 ? "" : "s"}
      </p>
      {pages.length === 0 ? (
        <p>No published entry belongs in these docs yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Page</th>
              <th>File</th>
              <th>Source issues</th>
            </tr>
          </thead>
          <tbody>
            {pages.map(({ entry, fileName }) => (
              <tr>
                <td>
                  <a href={`/api/entries/${encodeURIComponent(entry.id)}/markdown`}>{entry.title}</a>
                  <div class="meta">
                    {entry.id} v{entry.version}
                    {entry.targetOverride ? " · target set by a curator" : ""}
                  </div>
                </td>
                <td>
                  <code>{fileName}</code>
                </td>
                <td>
                  {sortedSources(entry).map((s) => (
                    <a class="issue" href={s.url}>{`${s.repo.split("/")[1]}#${s.number}`}</a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages.length > 0 ? (
        <div class="actions">
          <form method="post" action="/export/preview">
            <Csrf />
            <input type="hidden" name="target" value={targetKey} />
            <button type="submit" disabled={!ready}>
              Preview changes
            </button>
          </form>
          <form method="post" action="/export/pr">
            <Csrf />
            <input type="hidden" name="target" value={targetKey} />
            <button type="submit" class="primary" disabled={!ready}>
              Open or update the pull request
            </button>
          </form>
        </div>
      ) : null}
    </section>
  );
}

const HEADINGS: Record<PullRequestOutcome["kind"], string> = {
  opened: "pull request opened",
  updated: "pull request updated with one commit",
  unchanged: "nothing to change",
  "dry-run": "preview, nothing was written",
};

function Result({ result }: { result: NonNullable<ExportPageProps["result"]> }) {
  const { outcome } = result;
  return (
    <section class="result" data-testid="result">
      <h2>
        {DOCS_TARGETS[result.target].product}: {HEADINGS[outcome.kind]}
      </h2>
      <p data-testid="summary">{result.summary}</p>
      {outcome.pull ? (
        <p>
          Pull request: <a href={outcome.pull.url}>{`${outcome.upstream}#${outcome.pull.number}`}</a>
        </p>
      ) : null}
      <h3>{outcome.title}</h3>
      <details open={outcome.kind === "dry-run"}>
        <summary>Pull request text</summary>
        <pre>{outcome.body}</pre>
      </details>
      {outcome.kind === "dry-run" ? (
        <details open>
          <summary>File changes</summary>
          <pre data-testid="diff">{outcome.diff || "No file changes."}</pre>
        </details>
      ) : null}
    </section>
  );
}

/** Admins turn published entries into the upstream docs pull request here. */
export function ExportPage(props: ExportPageProps) {
  return (
    <>
      <h1>Give back upstream</h1>
      <p>
        Published entries become troubleshooting pages in Seldon's own documentation through one pull request
        per docs tree, from the branch <code>kb/troubleshooting</code>. Preview shows the exact file changes
        and the pull request text without writing anything; opening again after an edit adds one commit to the
        same pull request.
      </p>
      {props.githubConfigured ? null : (
        <p class="error">GITHUB_TOKEN is not set on the server, so nothing can be sent to GitHub.</p>
      )}
      {props.error ? (
        <p class="error" data-testid="error">
          {props.error}
        </p>
      ) : null}
      {props.result ? <Result result={props.result} /> : null}
      {DOCS_TARGET_KEYS.map((key) => (
        <TargetSection targetKey={key} set={props.sets.get(key)} ready={props.githubConfigured} />
      ))}
      <h2>Recent export actions</h2>
      {props.audit.length === 0 ? (
        <p class="meta">None yet.</p>
      ) : (
        <ul data-testid="audit">
          {props.audit.map((a) => (
            <li>
              <span class="meta">{a.createdAt}</span> {a.actor} · {a.action} · {a.subject}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
