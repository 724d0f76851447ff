import type { EntryRow } from "../../../db/schema.js";
import { diffEntries, type EntryContent } from "../../../domain/entry/index.js";
import { DiffView, StateBadge } from "./components.js";
import { Csrf } from "./session.js";

export interface EditProps {
  entry: EntryRow;
  /** What the form shows: the entry's content, or the curator's unsaved text. */
  content: EntryContent;
  version: number;
  error?: string;
  notice?: string;
}

const lines = (items: string[]) => items.join("\n");

function Fields({ content }: { content: EntryContent }) {
  return (
    <>
      <label class="field" for="title">
        Title
      </label>
      <input class="wide" id="title" name="title" value={content.title} maxlength={200} required />
      <label class="field" for="symptom">
        Symptom <span class="meta">(markdown: what people see)</span>
      </label>
      <textarea class="wide" id="symptom" name="symptom">
        {content.symptom}
      </textarea>
      <label class="field" for="cause">
        Cause <span class="meta">(markdown: why it happens; needed to publish)</span>
      </label>
      <textarea class="wide" id="cause" name="cause" data-testid="cause">
        {content.cause}
      </textarea>
      <label class="field" for="resolution">
        Resolution{" "}
        <span class="meta">(markdown: how to fix it; its first paragraph is what search and Slack show)</span>
      </label>
      <textarea
        class="wide"
        id="resolution"
        name="resolution"
        style="min-height:11rem"
        data-testid="resolution"
      >
        {content.resolution}
      </textarea>
      <div class="split">
        <div>
          <label class="field" for="affectedVersions">
            Affected versions <span class="meta">(one per line, e.g. MLServer 1.3.5)</span>
          </label>
          <textarea class="wide" id="affectedVersions" name="affectedVersions">
            {lines(content.affectedVersions)}
          </textarea>
          <label class="field" for="components">
            Components <span class="meta">(one per line)</span>
          </label>
          <textarea class="wide" id="components" name="components">
            {lines(content.components)}
          </textarea>
        </div>
        <div>
          <label class="field" for="errorSignatures">
            Error signatures <span class="meta">(templates, one per line)</span>
          </label>
          <textarea class="wide" id="errorSignatures" name="errorSignatures">
            {lines(content.errorSignatures)}
          </textarea>
          <label class="field" for="sourceIssues">
            Source issues <span class="meta">(Owner/repo#N, one per line)</span>
          </label>
          <textarea class="wide" id="sourceIssues" name="sourceIssues">
            {lines(content.sourceIssues)}
          </textarea>
        </div>
      </div>
    </>
  );
}

function Candidates({ entry }: { entry: EntryRow }) {
  if (entry.candidateFixes.length === 0) return null;
  return (
    <section>
      <h2>Candidate fixes from the threads</h2>
      <p class="meta">
        Picked from maintainers' comments and "fixed by" references. Use one to start the resolution, then
        edit it.
      </p>
      <ol class="candidates" data-testid="candidates">
        {entry.candidateFixes.map((f, i) => (
          <li>
            <pre>{f.text}</pre>
            <span class="meta">
              {f.author} · {f.why} · <a href={f.url}>source comment</a>
            </span>{" "}
            <button type="submit" name="insert" value={String(i)} data-testid="use-candidate" formnovalidate>
              Use in resolution
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function EditPage({ entry, content, version, error, notice }: EditProps) {
  return (
    <>
      <h1>
        Edit entry <StateBadge state={entry.state} />
      </h1>
      <p class="meta">
        Version {version} · <a href={`/entries/${entry.id}`}>view</a> ·{" "}
        <a href={`/entries/${entry.id}/history`}>history</a>
        {entry.clusterId ? (
          <>
            {" · "}
            <a href={`/clusters/${entry.clusterId}`}>cluster</a>
          </>
        ) : null}
      </p>
      {entry.state === "needs-review" ? (
        <div class="notice">
          <strong>Needs review:</strong>
          <ul>
            {entry.reviewReasons.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
          Check the entry against them, then “Save and publish” to mark it verified again.
        </div>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {notice ? <p class="ok">{notice}</p> : null}
      <form method="post" action={`/entries/${entry.id}/edit`} data-testid="edit-form">
        <Csrf />
        <input type="hidden" name="version" value={String(version)} />
        <Fields content={content} />
        <p class="row">
          <button type="submit" name="action" value="save">
            Save
          </button>
          <button class="primary" type="submit" name="action" value="publish" data-testid="publish">
            {entry.state === "needs-review" ? "Save and re-verify" : "Save and publish"}
          </button>
        </p>
        <Candidates entry={entry} />
      </form>
      {entry.state !== "archived" ? (
        <form method="post" action={`/entries/${entry.id}/archive`}>
          <Csrf />
          <button class="danger" type="submit">
            Archive this entry
          </button>
        </form>
      ) : null}
    </>
  );
}

/** Someone saved while this curator edited: both texts side by side, nothing lost. */
export function ConflictPage({
  entry,
  mine,
  theirsBy,
  readVersion,
}: {
  entry: EntryRow;
  mine: EntryContent;
  theirsBy: string;
  readVersion: number;
}) {
  const diffs = diffEntries(entry, mine);
  return (
    <>
      <h1>Someone saved this entry while you were editing</h1>
      <div class="notice" data-testid="conflict">
        You edited version {readVersion}; <strong>{theirsBy}</strong> has since saved version {entry.version}.
        Nothing is lost: their text is saved, yours is below. Lines marked − are theirs, + are yours.
      </div>
      <DiffView diffs={diffs} />
      <h2>Your text</h2>
      <p class="meta">
        Edit it to keep what matters from both, then save it as version {entry.version + 1}. Or{" "}
        <a href={`/entries/${entry.id}`}>keep theirs and discard yours</a>.
      </p>
      <form method="post" action={`/entries/${entry.id}/edit`}>
        <Csrf />
        <input type="hidden" name="version" value={String(entry.version)} />
        <Fields content={mine} />
        <p>
          <button class="primary" type="submit" name="action" value="save">
            Save my version over theirs
          </button>
        </p>
      </form>
    </>
  );
}
