import type { EntryRow, EntryVersionRow } from "../../../db/schema.js";
import { contentOf, diffEntries, type EntryContent } from "../../../domain/entry/index.js";
import { DiffView, IssueLinks, Markdown, StateBadge } from "./components.js";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "never");

export function EntryView({ entry, curator }: { entry: EntryRow; curator: boolean }) {
  return (
    <article data-testid="entry">
      <h1>{entry.title}</h1>
      <p class="meta">
        <StateBadge state={entry.state} /> · last verified {day(entry.verifiedAt)} · version {entry.version}
        {" · "}
        <a href={`/entries/${entry.id}/history`}>history</a>
        {curator ? (
          <>
            {" · "}
            <a href={`/entries/${entry.id}/edit`}>edit</a>
          </>
        ) : null}
        {entry.clusterId ? (
          <>
            {" · "}
            <a href={`/clusters/${entry.clusterId}`}>the cluster</a>
          </>
        ) : null}
      </p>
      {entry.state === "needs-review" ? (
        <div class="notice" data-testid="review-reasons">
          <strong>This entry is being reviewed:</strong>
          <ul>
            {entry.reviewReasons.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2>Resolution</h2>
      <Markdown text={entry.resolution || "_not written yet_"} testid="resolution" />
      <h2>Symptom</h2>
      <Markdown text={entry.symptom || "_not written yet_"} testid="symptom" />
      <h2>Cause</h2>
      <Markdown text={entry.cause || "_not written yet_"} testid="cause" />
      <div class="split">
        <div>
          <h3>Affected versions</h3>
          {entry.affectedVersions.length > 0 ? (
            <p>{entry.affectedVersions.join(", ")}</p>
          ) : (
            <p class="meta">none recorded</p>
          )}
          <h3>Components</h3>
          <p>{entry.components.join(", ") || "—"}</p>
        </div>
        <div>
          <h3>Sources</h3>
          <IssueLinks keys={entry.sourceIssues} />
        </div>
      </div>
    </article>
  );
}

export function EntryList({ entries, curator }: { entries: EntryRow[]; curator: boolean }) {
  return (
    <>
      <h1>Troubleshooting entries</h1>
      <p class="meta">
        Known problems with their cause and fix, written by curators from the GitHub threads.
        {curator ? " As a curator you also see drafts and archived entries." : ""}
      </p>
      {entries.length === 0 ? <p>No entries yet.</p> : null}
      <table>
        <thead>
          <tr>
            <th>Entry</th>
            <th>State</th>
            <th>Components</th>
            <th>Last verified</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td>
                <a href={`/entries/${e.id}`}>{e.title}</a>
              </td>
              <td>
                <StateBadge state={e.state} />
              </td>
              <td>{e.components.join(", ")}</td>
              <td>{day(e.verifiedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

type Snapshot = EntryContent & { state: string };

export function HistoryPage({ entry, versions }: { entry: EntryRow; versions: EntryVersionRow[] }) {
  const snaps = versions.map((v) => ({ ...v, snap: v.snapshot as Snapshot }));
  return (
    <>
      <h1>History of “{entry.title}”</h1>
      <p>
        <a href={`/entries/${entry.id}`}>← the entry</a>
      </p>
      {snaps.map((v, i) => {
        const older = snaps[i + 1];
        return (
          <section class="card" data-testid="version">
            <h3>
              Version {v.version} <StateBadge state={v.snap.state} />
            </h3>
            <p class="meta">
              {v.editedBy} · {v.createdAt.replace("T", " ").slice(0, 16)} UTC
              {older && older.snap.state !== v.snap.state ? ` · ${older.snap.state} → ${v.snap.state}` : ""}
            </p>
            {older ? (
              <DiffView diffs={diffEntries(contentOf(older.snap), contentOf(v.snap))} />
            ) : (
              <p class="meta">
                The first version (prefilled from the cluster's evidence or written by hand).
              </p>
            )}
          </section>
        );
      })}
    </>
  );
}
