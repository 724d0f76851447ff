// Identifiers in Seldon errors are dotted (mlserver.settings), snake_case (model_settings),
// kebab (seldon-scheduler) or CamelCase (ModuleNotFoundError). A user may paste the whole
// identifier or type one part of it, so each is indexed whole *and* split into its parts.
const PIECE = /[\p{L}\p{N}_.-]+/gu;
const CAMEL = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

const STOP_WORDS = new Set([
  "a",
  "an",
  "and",
  "are",
  "as",
  "at",
  "be",
  "but",
  "by",
  "for",
  "from",
  "has",
  "have",
  "i",
  "if",
  "in",
  "is",
  "it",
  "its",
  "me",
  "my",
  "of",
  "on",
  "or",
  "our",
  "so",
  "that",
  "the",
  "then",
  "this",
  "to",
  "was",
  "we",
  "when",
  "with",
  "you",
  "your",
  "get",
  "got",
  "does",
  "do",
  "how",
  "why",
  "what",
]);

const MAX_TERM = 64;

function trimJoiners(piece: string): string {
  return piece.replace(/^[._-]+|[._-]+$/g, "");
}

/** Whole pieces of the text (identifiers kept intact), in order of appearance. */
export function wholeTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(PIECE)) {
    const piece = trimJoiners(match[0]);
    if (piece !== "") out.push(piece);
  }
  return out;
}

function expand(piece: string, out: string[]): void {
  out.push(piece);
  for (const dotted of piece.split(".")) {
    if (dotted === "") continue;
    if (dotted !== piece) out.push(dotted);
    for (const part of dotted.split(/[_-]+/)) {
      if (part === "") continue;
      if (part !== dotted) out.push(part);
      const humps = part.split(CAMEL);
      if (humps.length > 1) out.push(...humps);
    }
  }
}

/** The one tokenizer, for indexing and for queries: every identifier whole and split. */
export function tokenizeText(text: string): string[] {
  const out: string[] = [];
  for (const piece of wholeTokens(text)) expand(piece, out);
  return out;
}

/** Lower-cases and drops stop words, single characters and overlong blobs (hashes, base64). */
export function processTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (t.length < 2 || t.length > MAX_TERM || STOP_WORDS.has(t)) return null;
  return t;
}
