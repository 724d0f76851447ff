import { extractErrorLines, normalizeMessage } from "../domain/signature/index.js";
import { type Candidate, collectCandidates, type FullTextHit, type LineEvidence } from "./candidates.js";
import { ERROR_QUERY_OPTIONS, PROSE_QUERY_OPTIONS } from "./index-options.js";
import { decorate } from "./results.js";
import type { SearchIndex } from "./search-index.js";
import { wholeTokens } from "./tokenizer.js";
import type { SearchOutcome, SearchRequest } from "./types.js";

const MAX_LINES = 5;
const MAX_FALLBACK_ROWS = 400;
const FULL_TEXT_LINES = 3;
const MAX_TERMS = 24;
const MAX_FULL_TEXT_HITS = 200;
const RELATIVE_FLOOR = 0.1;

interface QueryLine {
  raw: string;
  message: string;
}

// A paste is code even without a fence: when the text read as prose yields no error line, a
// multi-line paste is read again as a code block (where hint-level lines count), and failing that
// its lines that meet a known template are taken. A one-line query that still reads as prose is
// matched against templates as it is: users paste bare messages too.
function queryLines(index: SearchIndex, text: string): { lines: QueryLine[]; prose: boolean } {
  const lines = extractErrorLines(text).slice(0, MAX_LINES);
  if (lines.length > 0) return { lines, prose: false };
  const rows = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && l.length <= 2000);
  if (rows.length > 1 && !text.includes("```")) {
    const fenced = extractErrorLines(`\`\`\`\n${text}\n\`\`\``).slice(0, MAX_LINES);
    if (fenced.length > 0) return { lines: fenced, prose: false };
    const known = knownLines(index, rows.slice(0, MAX_FALLBACK_ROWS));
    if (known.length > 0) return { lines: known, prose: false };
  }
  const first = rows[0] ?? "";
  return {
    lines: first.length > 0 && first.length <= 500 ? [{ raw: first, message: first }] : [],
    prose: true,
  };
}

function knownLines(index: SearchIndex, rows: string[]): QueryLine[] {
  const scored = rows.map((raw, order) => {
    const best = index.matcher.match(normalizeMessage(raw).template, 1)[0];
    return { raw, order, score: best ? (best.kind === "near" ? best.similarity : 2) : 0 };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_LINES)
    .map((s) => ({ raw: s.raw, message: s.raw }));
}

/** Terms for the full-text step: the error lines when there are any, else the prose; capped. */
export function fullTextQuery(text: string, lines: QueryLine[]): string {
  const source =
    lines.length > 0
      ? lines
          .slice(0, FULL_TEXT_LINES)
          .map((l) => l.message)
          .join(" ")
      : text.slice(0, 4000);
  return [...new Set(wholeTokens(source))].slice(0, MAX_TERMS).join(" ");
}

export function runSearch(index: SearchIndex, request: SearchRequest): SearchOutcome {
  const { lines, prose } = queryLines(index, request.text);
  const evidence: LineEvidence[] = lines.map((line, rank) => {
    const normalized = normalizeMessage(line.message);
    return { rank, line: line.raw, normalized, matches: index.matcher.match(normalized.template) };
  });
  // Full text is the fallback: when the best error line already meets a known signature it would
  // only cost a pass over long posting lists to find what the signature found.
  const decided = evidence[0]?.matches.some((m) => m.kind !== "near") ?? false;
  const query = decided ? "" : fullTextQuery(request.text, prose ? [] : lines);
  const fullText: FullTextHit[] =
    query === ""
      ? []
      : index.mini
          .search(query, prose ? PROSE_QUERY_OPTIONS : ERROR_QUERY_OPTIONS)
          .slice(0, MAX_FULL_TEXT_HITS)
          .map((r) => ({ id: String(r.id), score: r.score, terms: r.terms }));
  const candidates: Candidate[] = collectCandidates(index, evidence, fullText, request.filters ?? {});
  // A result far below the best one is noise next to it (a shared word like "error").
  const floor = (candidates[0]?.score ?? 0) * RELATIVE_FLOOR;
  const results = candidates
    .filter((c) => c.score >= floor)
    .slice(0, request.limit)
    .map((c) => decorate(index, c, request.filters));
  const best = evidence.flatMap((e) => e.matches).find((m) => m.kind !== "near");
  return {
    query: request.text,
    matchedSignature: best?.signatureId ?? null,
    lines: lines.map((l) => l.raw),
    results,
  };
}
