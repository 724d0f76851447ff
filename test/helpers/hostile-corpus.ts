import type { Corpus } from "../../src/emulators/github-types.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };

// What an attacker can put in an issue or a comment. None of it may ever run on our pages.
export const HOSTILE_TITLE = ' <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
export const HOSTILE_MARKDOWN = [
  "<script>window.__pwned=3</script>",
  '<img src=x onerror="window.__pwned=4">',
  "[read the docs](javascript:window.__pwned=5)",
  '<a href="javascript:window.__pwned=6">raw link</a>',
  '<svg onload="window.__pwned=7"></svg>',
].join("\n\n");

/** The sample corpus with hostile titles, bodies and maintainer fix comments everywhere. */
export function hostileCorpus(): Corpus {
  const copy = structuredClone(corpus) as Corpus;
  for (const issue of copy.issues) {
    issue.title = `${issue.title}${HOSTILE_TITLE}`;
    issue.body = `${issue.body ?? ""}\n\n${HOSTILE_MARKDOWN}`;
  }
  const fixes = new Set(Object.values(copy.fixes ?? {}));
  for (const comment of copy.comments)
    if (fixes.has(comment.id)) comment.body = `${comment.body}\n\n${HOSTILE_MARKDOWN}`;
  return copy;
}
