import { extractErrorLines, normalizeMessage } from "../domain/signature/index.js";
import {
  type Candidate,
  type CandidateView,
  candidateClusterIds,
  collectCandidates,
  type FullTextHit,
  type LineEvidence,
} from "./candidates.js";
import type { EntryMeta } from "./documents.js";
import { hasMemberFilters, type SearchLookups } from "./lookups.js";
import { decorateAll } from "./results.js";
import { processTerm, tokenizeText } from "./tokenizer.js";
import type { SearchConfidence, SearchOutcome, SearchRequest } from "./types.js";

const MAX_LINES = 5;
const MAX_FALLBACK_ROWS = 400;
const FULL_TEXT_LINES = 3;
// Full text looks up the rarest terms of the query only: they decide BM25's ranking anyway, and a
// common word's posting list is what makes a query slow.
const MAX_ERROR_TERMS = 8;
const MAX_PROSE_TERMS = 12;
const MAX_FULL_TEXT_HITS = 200;
// Distinct words of a pasted text whose rarity is looked up (one statement; the text is cut at 4,000 characters).
const MAX_QUERY_TERMS = 200;
const COMMON_MIN = 20;
const COMMON_SHARE = 0.01;
const PROSE_COMMON_SHARE = 0.05;
// A word in a fifth of all threads (`not`, `found`) says nothing even as a query's rarest.
const UBIQUITOUS_SHARE = 0.2;
// The second rarest term refines the rarest one's threads; past this share it mostly adds
// thousands of threads to score (the tail of one-line latency at 10k).
const SECOND_SHARE = 0.05;
const STRONG = 0.85;
const PARTIAL = 0.55;
// Next to a strong answer only close seconds are shown; otherwise anything within reach.
const STRONG_FLOOR = 0.6;
const WEAK_FLOOR = 0.25;

interface QueryLine {
  raw: string;
  message: string;
}

// A paste is code even without a fence: several lines are read as a code block (where hint-level
// lines count), and failing that its lines that meet a known template are taken. A one-line query
// that still reads as prose is matched as it is: users paste bare messages (and INFO lines that
// are the symptom) too.
export async function queryLines(
  lookups: SearchLookups,
  text: string,
): Promise<{ lines: QueryLine[]; prose: boolean }> {
  const rows = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && l.length <= 2000);
  const pastedLog = rows.length > 1 && !text.includes("```");
  // Several lines without a fence are a pasted log: read as one, so a bare `404 page not found`
  // between curl's headers counts as it would inside a code block.
  const lines = extractErrorLines(pastedLog ? `\`\`\`\n${text}\n\`\`\`` : text).slice(0, MAX_LINES);
  if (lines.length > 0) return { lines, prose: false };
  if (pastedLog) {
    const known = await knownLines(lookups, rows.slice(0, MAX_FALLBACK_ROWS));
    if (known.length > 0) return { lines: known, prose: false };
  }
  const first = rows[0] ?? "";
  return {
    lines: first.length > 0 && first.length <= 500 ? [{ raw: first, message: first }] : [],
    prose: rows.length === 1 ? looksLikeProse(first) : true,
  };
}

// A sentence of several plain words is a description; anything else is a pasted line.
function looksLikeProse(line: string): boolean {
  const words = line.split(/\s+/);
  return (
    words.length >= 6 && words.filter((w) => /^[a-z][a-z'-]*[,.]?$/.test(w)).length >= words.length * 0.7
  );
}

async function knownLines(lookups: SearchLookups, rows: string[]): Promise<QueryLine[]> {
  const templates = rows.map((raw) => normalizeMessage(raw).template);
  const [features, near] = await Promise.all([lookups.features(templates), lookups.templates(templates, 1)]);
  const scored = rows.map((raw, order) => {
    const feature = features[order]?.[0]?.score ?? 0;
    const match = near[order]?.[0];
    return { raw, order, score: Math.max(feature, match ? match.similarity * 0.8 : 0) };
  });
  return scored
    .filter((s) => s.score >= 0.5)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_LINES)
    .map((s) => ({ raw: s.raw, message: s.raw }));
}

// Values the signature masks because they differ on every machine say nothing to full text: an
// IP, a timestamp, a pod hash, and the directories of a path (`opt`, `conda`, `site-packages` are
// rare words that would outrank the names an error line is about). A path's leaf stays: it names
// the module or the model (`…/holidays/__init__.py`, `/v1/models/income:explain`).
const INCIDENTAL = new Set(["ip", "host", "port", "timestamp", "uuid", "hex", "pointer", "pod"]);
const LOCATIONS = new Set(["path", "url", "file"]);

// A version (`2.0.1`) or a long number (an id, an epoch): rare, and says nothing about the problem.
// Short numbers stay: an HTTP status or an exit code names the problem.
const INCIDENTAL_NUMBER = /^(?:\d+(?:\.\d+)+\w*|\d{4,})$/;

function leafOf(location: string): string {
  const segments = location.split(/[/?#]+/).filter((s) => s !== "" && !s.startsWith("__"));
  return (segments[segments.length - 1] ?? "").replace(/\.\w{1,4}$/, "");
}

function withoutIncidentals(message: string): string {
  let out = message;
  for (const m of normalizeMessage(message).masks) {
    if (INCIDENTAL.has(m.kind)) out = out.replace(m.value, " ");
    else if (LOCATIONS.has(m.kind)) out = out.replace(m.value, ` ${leafOf(m.value)} `);
  }
  return out;
}

/** The rarest known terms of the error lines (or of the prose), as full text will look them up. */
export async function fullTextTerms(
  lookups: SearchLookups,
  text: string,
  lines: QueryLine[],
  prose: boolean,
  known = false,
): Promise<string[]> {
  const source =
    lines.length > 0 && !prose
      ? lines
          .slice(0, FULL_TEXT_LINES)
          .map((l) => withoutIncidentals(l.message))
          .join(" ")
      : text.slice(0, 4000);
  const terms = new Set<string>();
  for (const token of tokenizeText(source)) {
    const term = processTerm(token);
    if (term && !INCIDENTAL_NUMBER.test(term)) terms.add(term);
    if (terms.size >= MAX_QUERY_TERMS) break;
  }
  const documentCount = await lookups.documentCount();
  const ubiquitous = documentCount * UBIQUITOUS_SHARE;
  // Counting stops past the ubiquitous share: such a word is only ever kept as a prose query's rarest.
  const df = await lookups.text.documentFrequencies([...terms], Math.max(COMMON_MIN, ubiquitous) + 1);
  const scored = [...terms].map((t) => ({ t, df: df.get(t) ?? 0 }));
  // Prose keeps unknown words: prefix search may still find "serializ…" in "serializable".
  const usable = prose ? scored : scored.filter((s) => s.df > 0);
  const rank = (df: number) => df || Number.MAX_SAFE_INTEGER;
  usable.sort((a, b) => rank(a.df) - rank(b.df) || a.t.localeCompare(b.t));
  // Past the two rarest, a term joins only while it is still rare: a word in a hundredth of the
  // threads adds thousands of results to score and almost nothing to the ranking.
  const common = Math.max(COMMON_MIN, documentCount * (prose ? PROSE_COMMON_SHARE : COMMON_SHARE));
  const max = prose ? MAX_PROSE_TERMS : MAX_ERROR_TERMS;
  const second = Math.max(COMMON_MIN, documentCount * SECOND_SHARE);
  // When the paste already matched a known error, full text only adds threads that share a rare
  // word; otherwise the two rarest words join however common they are, so something is found.
  const cap = (i: number) => (known ? common : i === 0 ? ubiquitous : i === 1 ? second : common);
  return usable.filter((s, i) => i < max && (prose && i < 2 ? true : s.df <= cap(i))).map((s) => s.t);
}

async function fullText(
  lookups: SearchLookups,
  terms: string[],
  prose: boolean,
): Promise<{ row: number; score: number; terms: string[] }[]> {
  if (terms.length === 0) return [];
  return lookups.text.search(terms, prose, MAX_FULL_TEXT_HITS);
}

function confidenceOf(top: number): SearchConfidence {
  if (top >= STRONG) return "strong";
  if (top >= PARTIAL) return "partial";
  return top > 0 ? "weak" : "none";
}

export async function runSearch(lookups: SearchLookups, request: SearchRequest): Promise<SearchOutcome> {
  const { lines, prose } = await queryLines(lookups, request.text);
  const normalized = lines.map((line) => normalizeMessage(line.message));
  const templates = normalized.map((n) => n.template);
  const features = await lookups.features(templates);
  // Lines no feature knows are matched against known templates worded alike.
  const unmatched = templates.filter((_, i) => (features[i]?.length ?? 0) === 0);
  const near = unmatched.length > 0 ? await lookups.templates(unmatched, 5) : [];
  let u = 0;
  const evidence: LineEvidence[] = lines.map((line, rank) => {
    const f = features[rank] ?? [];
    const n = normalized[rank] ?? normalizeMessage(line.message);
    return {
      rank,
      line: line.raw,
      normalized: n,
      features: f,
      matches: f.length > 0 ? [] : (near[u++] ?? []),
    };
  });
  // Full text answers whenever the signature path has no sure cluster; when it has one, looking up
  // the words of a line a cluster already shows would only cost time.
  const sure = evidence.some((e) => e.features.some((f) => f.kind === "signature" && f.weight >= STRONG));
  const known = evidence.some((e) => e.features.some((f) => f.kind === "signature"));
  const rows = sure
    ? []
    : await fullText(lookups, await fullTextTerms(lookups, request.text, lines, prose, known), prose);
  const filters = request.filters ?? {};
  const nearIds = [...new Set(evidence.flatMap((e) => e.matches.map((m) => m.signatureId)))];
  const [sigClusters, docs] = await Promise.all([
    lookups.signatureClusters(nearIds),
    lookups.documents(rows.map((r) => r.row)),
  ]);
  const hits: FullTextHit[] = rows.flatMap((r) => {
    const doc = docs.get(r.row);
    return doc ? [{ doc, score: r.score, terms: r.terms }] : [];
  });
  const view = await viewOf(lookups, evidence, sigClusters, hits, request);
  const candidates: Candidate[] = collectCandidates(view, evidence, hits, filters);
  const top = candidates[0]?.score ?? 0;
  const floor = top * (top >= STRONG ? STRONG_FLOOR : WEAK_FLOOR);
  const chosen = candidates.filter((c) => c.score >= floor).slice(0, request.limit);
  const results = await decorateAll(lookups, view, hits, chosen, filters);
  const best = evidence.flatMap((e) => e.features).find((m) => m.kind === "signature");
  return {
    query: request.text,
    confidence: confidenceOf(results[0]?.score ?? 0),
    matchedSignature: best?.featureId ?? null,
    lines: lines.map((l) => l.raw),
    results,
  };
}

/** Reads what ranking needs of the clusters and entries this query's evidence and hits name. */
async function viewOf(
  lookups: SearchLookups,
  evidence: LineEvidence[],
  sigClusters: Map<string, string[]>,
  hits: FullTextHit[],
  request: SearchRequest,
): Promise<CandidateView> {
  const ids = candidateClusterIds(evidence, sigClusters, hits);
  const filters = request.filters ?? {};
  const [clusters, fromClusters, memberFilters] = await Promise.all([
    lookups.clusters(ids),
    lookups.entriesOf(ids),
    hasMemberFilters(filters) ? lookups.memberFilters(ids, filters) : null,
  ]);
  const entries = new Map<string, EntryMeta>(fromClusters.map((e) => [e.id, e]));
  for (const h of hits)
    if (h.doc.kind === "entry" && !entries.has(h.doc.meta.id)) entries.set(h.doc.meta.id, h.doc.meta);
  return { clusters, sigClusters, entries: [...entries.values()], memberFilters };
}
