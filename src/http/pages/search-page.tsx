import { redactSecrets } from "../../domain/redact.js";
import type { SearchFilters, SearchHit, SearchOutcome } from "../../search/index.js";
import { SEARCH_STATES } from "../../search/index.js";
import { redactedOutcome } from "../redacted-outcome.js";

export interface SearchPageProps {
  text: string;
  filters: SearchFilters;
  outcome: SearchOutcome | null;
  error: string | null;
}

function Why({ hit }: { hit: SearchHit }) {
  return (
    <ul class="why">
      {hit.why.map((w) => (
        <li>
          {w.kind === "text" ? (
            <>
              words in common: <code>{w.terms.slice(0, 12).join(" ")}</code>
            </>
          ) : (
            <>
              {w.kind === "near"
                ? `similar template (${Math.round((w.similarity ?? 0) * 100)}%)`
                : "same signature"}
              : your line <code>{w.line}</code> → <code>{w.template}</code>
              {w.masked.length > 0 ? (
                <span class="meta"> masked: {w.masked.map((m) => `${m.kind}=${m.value}`).join(", ")}</span>
              ) : null}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function Result({ hit }: { hit: SearchHit }) {
  const href =
    hit.type === "entry"
      ? `/entries/${encodeURIComponent(hit.id)}`
      : `/clusters/${encodeURIComponent(hit.id)}`;
  return (
    <li data-testid="result" data-type={hit.type} data-id={hit.id}>
      <a href={href} data-testid="result-title">
        {hit.title}
      </a>{" "}
      <span class="meta">
        {hit.type === "entry" ? `known problem (${hit.state})` : `cluster · ${hit.issueCount} issues`} · score{" "}
        {hit.score}
      </span>
      {hit.template ? (
        <div>
          signature: <code>{hit.template}</code>
        </div>
      ) : null}
      {hit.snippet ? <pre>{hit.snippet}</pre> : null}
      <Why hit={hit} />
      <ul class="meta">
        {hit.issues.map((i) => (
          <li>
            <a href={i.url}>{`${i.repo}#${i.number}`}</a> {i.title}
          </li>
        ))}
      </ul>
    </li>
  );
}

function Filters({ filters }: { filters: SearchFilters }) {
  return (
    <div class="filters">
      <input name="repo" placeholder="repo (Owner/name)" value={filters.repo ?? ""} />
      <input name="component" placeholder="component" value={filters.component ?? ""} />
      <input name="version" placeholder="version" value={filters.version ?? ""} />
      <select name="state">
        <option value="">any state</option>
        {SEARCH_STATES.map((s) => (
          <option value={s} selected={filters.state === s}>
            {s}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The search form and, after a search, the ranked results with why each matched. The paste is
 * shown back redacted, here rather than in each caller, so no render path can forget it.
 */
export function SearchPage({ text, filters, outcome: raw, error }: SearchPageProps) {
  const outcome = raw ? redactedOutcome(raw) : null;
  const shown = redactSecrets(text);
  return (
    <>
      <form method="post" action="/">
        <label for="q">Paste an error message or a whole log</label>
        <textarea id="q" name="q" data-testid="query">
          {shown}
        </textarea>
        {shown !== text ? (
          <p class="meta" data-testid="redacted-note">
            Credentials in your paste (tokens, passwords, keys) were replaced by [REDACTED]: they are not
            stored or shown.
          </p>
        ) : null}
        <Filters filters={filters} />
        <button type="submit">Search</button>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {outcome ? (
        <section>
          {outcome.lines.length > 0 ? (
            <p class="meta">
              read from your paste: <code>{outcome.lines[0]}</code>
            </p>
          ) : null}
          {outcome.results.length === 0 ? (
            <p>No known problem matches yet; the query was logged for the curators.</p>
          ) : null}
          <ol class="results" data-testid="results">
            {outcome.results.map((hit) => (
              <Result hit={hit} />
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}
