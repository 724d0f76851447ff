import { pinnedWords } from "../domain/evidence/features.js";
import { signatureId } from "../domain/signature/index.js";
import { WILDCARD } from "../domain/signature/types.js";

export interface KnownTemplate {
  id: string;
  template: string;
}

export type TemplateMatchKind = "signature" | "template" | "near";

export interface TemplateMatch {
  signatureId: string;
  template: string;
  kind: TemplateMatchKind;
  similarity: number;
}

interface Entry {
  id: string;
  template: string;
  tokens: string[];
  constants: Set<string>;
}

// A token shared by more templates than this says nothing about which one is meant ("error", ":").
export const MAX_POSTING = 5_000;
export const NEAR_THRESHOLD = 0.6;

/**
 * Matches a normalized query line against the corpus's known templates: the same id (exact
 * signature), a mined template whose wildcards cover the line (template), or token similarity
 * (near). Built once per index refresh; each match costs postings of the line's tokens.
 */
export class TemplateMatcher {
  private readonly byId = new Map<string, Entry>();
  private readonly byLength = new Map<number, Entry[]>();
  private readonly postings = new Map<string, Entry[]>();

  constructor(templates: Iterable<KnownTemplate>) {
    for (const { id, template } of templates) {
      const tokens = template.split(" ").filter(Boolean);
      const entry: Entry = { id, template, tokens, constants: new Set(tokens.filter((t) => t !== WILDCARD)) };
      this.byId.set(id, entry);
      const sameLength = this.byLength.get(tokens.length) ?? [];
      sameLength.push(entry);
      this.byLength.set(tokens.length, sameLength);
      for (const token of entry.constants) {
        const list = this.postings.get(token) ?? [];
        list.push(entry);
        this.postings.set(token, list);
      }
    }
  }

  get size(): number {
    return this.byId.size;
  }

  template(id: string): string | undefined {
    return this.byId.get(id)?.template;
  }

  /** Best matches for one normalized line, best first, at most `limit`. */
  match(queryTemplate: string, limit = 5): TemplateMatch[] {
    const exact = this.byId.get(signatureId(queryTemplate));
    if (exact) return [{ signatureId: exact.id, template: exact.template, kind: "signature", similarity: 1 }];
    const tokens = queryTemplate.split(" ").filter(Boolean);
    const covering = this.covering(tokens);
    if (covering)
      return [{ signatureId: covering.id, template: covering.template, kind: "template", similarity: 1 }];
    return this.near(tokens, limit);
  }

  private covering(tokens: string[]): Entry | undefined {
    let best: Entry | undefined;
    for (const entry of this.byLength.get(tokens.length) ?? []) {
      if (entry.constants.size === 0 || (best && !coversMore(entry, best))) continue;
      if (entry.tokens.every((t, i) => t === WILDCARD || t === tokens[i])) best = entry;
    }
    return best;
  }

  private near(tokens: string[], limit: number): TemplateMatch[] {
    const query = new Set(tokens.filter((t) => t !== WILDCARD));
    if (query.size === 0) return [];
    const shared = new Map<Entry, number>();
    for (const token of query) {
      const list = this.postings.get(token);
      if (!list || list.length > MAX_POSTING) continue;
      for (const entry of list) shared.set(entry, (shared.get(entry) ?? 0) + 1);
    }
    const candidates = [...shared].map(([entry, common]) => ({
      signatureId: entry.id,
      template: entry.template,
      constants: entry.constants.size,
      common,
    }));
    return nearMatches(tokens, query.size, candidates, limit);
  }
}

/** A template that shares `common` of its `constants` distinct constant tokens with the query. */
export interface NearCandidate {
  signatureId: string;
  template: string;
  constants: number;
  common: number;
}

/** Known templates worded like the query (Dice over constant tokens, or positional), best first. */
export function nearMatches(
  tokens: string[],
  querySize: number,
  candidates: NearCandidate[],
  limit: number,
): TemplateMatch[] {
  const scored: TemplateMatch[] = [];
  const queryText = tokens.join(" ");
  for (const c of candidates) {
    if (namesAnother(queryText, c.template)) continue;
    const dice = (2 * c.common) / (querySize + c.constants);
    const similarity = Math.max(dice, positional(tokens, c.template.split(" ").filter(Boolean)));
    if (similarity >= NEAR_THRESHOLD)
      scored.push({ signatureId: c.signatureId, template: c.template, kind: "near", similarity });
  }
  return scored
    .sort((a, b) => b.similarity - a.similarity || a.signatureId.localeCompare(b.signatureId))
    .slice(0, limit);
}

/** Of two templates covering a line, the one with more constants; then the smaller id. */
function coversMore(a: { id: string; constants: Set<string> }, b: { id: string; constants: Set<string> }) {
  return a.constants.size > b.constants.size || (a.constants.size === b.constants.size && a.id < b.id);
}

// Same-length lines that differ in a value or two: equal tokens count fully, a wildcard half.
function positional(query: string[], known: string[]): number {
  if (query.length !== known.length || query.length === 0) return 0;
  let score = 0;
  for (let i = 0; i < query.length; i++) {
    if (known[i] === query[i]) score += 1;
    else if (known[i] === WILDCARD || query[i] === WILDCARD) score += 0.5;
  }
  return score / query.length;
}

const words = (template: string) => new Set(template.toLowerCase().split(/[^\w.-]+/));

// `cannot import name 'Turkey' from 'holidays'` is not near `cannot import name 'Conversation'
// from 'transformers'`, however many words they share: each names things the other does not, and
// no name in common. `'MLflowRuntime' object has no attribute '_model'` is near the same line of
// another runtime: the attribute is the same. A line that leaves names out can still be near.
function namesAnother(query: string, known: string): boolean {
  const names = (t: string) => new Set([...pinnedWords(t)].filter((w) => !/(?:error|exception)$/.test(w)));
  const queryNames = names(query);
  const knownNames = names(known);
  const queryWords = words(query);
  const knownWords = words(known);
  const lacks = (pinned: Set<string>, other: Set<string>) => [...pinned].some((w) => !other.has(w));
  const shared = [...queryNames].some((w) => knownWords.has(w));
  return !shared && lacks(queryNames, knownWords) && lacks(knownNames, queryWords);
}
