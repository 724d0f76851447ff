import { REDACTED, redactSecrets } from "../domain/redact.js";
import type { SearchOutcome } from "../search/index.js";

/**
 * A piece cut out of `raw` (a masked value, a matched word) is a secret when redacting `raw` made
 * it disappear: alone it has no context left for the rules to recognise.
 */
function piece(value: string, raw: string, shown: string): string {
  const lower = value.toLowerCase();
  if (raw.toLowerCase().includes(lower) && !shown.toLowerCase().includes(lower)) return REDACTED;
  return redactSecrets(value);
}

/**
 * A search outcome fit to show: every part that echoes the pasted text (the query, the lines read
 * from it, why each result matched, the values masked out of those lines) is redacted. Titles and
 * snippets come from GitHub, not from the paste, and are shown as they are.
 */
export function redactedOutcome(outcome: SearchOutcome): SearchOutcome {
  const query = redactSecrets(outcome.query);
  return {
    ...outcome,
    query,
    lines: outcome.lines.map(redactSecrets),
    results: outcome.results.map((hit) => ({
      ...hit,
      why: hit.why.map((why) => {
        const line = redactSecrets(why.line);
        return {
          ...why,
          line,
          queryTemplate: why.queryTemplate === null ? null : redactSecrets(why.queryTemplate),
          masked: why.masked.map((m) => ({ ...m, value: piece(m.value, why.line, line) })),
          terms: why.terms.map((term) => piece(term, outcome.query, query)),
        };
      }),
    })),
  };
}
