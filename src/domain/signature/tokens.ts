import { WILDCARD } from "./types";

// Bounds the miner's work and recursion depth on pathological lines (a minified JSON blob); the
// head of a message is what identifies it.
const MAX_TOKENS = 256;

export function tokenize(template: string): string[] {
  const tokens = template.split(" ").filter((t) => t !== "");
  return tokens.length > MAX_TOKENS ? tokens.slice(0, MAX_TOKENS) : tokens;
}

// Tokens shaped like identifiers or values (digits, inner punctuation) vary
// freely; plain words are wildcarded only on frequency evidence, because in Seldon messages a
// plain word is usually the verb or cause that tells two errors apart.
export function isValueLike(token: string): boolean {
  if (token.includes(WILDCARD)) return true;
  const core = token.replace(/^[([{'"]+|[)\]},;:.!?'"]+$/g, "");
  if (core === "") return /^(?:\(\)|\[\]|\{\}|""|'')$/.test(token);
  if (/\d/.test(core)) return true;
  return /\w[-_./@=:#\\]\w/.test(core);
}

// Columns the miner must never wildcard, even when they vary: Kubernetes kinds, gRPC codes,
// exception types, HTTP error statuses in error lines, and the plain words of the cause clause that ends a wrapped
// error chain (`…: connect: connection refused` vs `…: no endpoints available`).
export function pinnedColumns(tokens: readonly string[]): boolean[] {
  const colons: number[] = [];
  tokens.forEach((t, i) => {
    if (t.endsWith(":")) colons.push(i);
  });
  const last = (colons.at(-1) ?? tokens.length) + 1;
  const causeWords = tokens.slice(last).filter((t) => !isValueLike(t)).length;
  const causeFrom = colons.length >= 2 && causeWords >= 2 ? last : tokens.length;
  // A status in an access log is an attribute; in an error message it names the failure.
  const isError = tokens.some((t) => /^(?:fail|error|unavailable|refused|denied|timeout)/i.test(t));
  return tokens.map((t, c) => {
    const prev = tokens[c - 1] ?? "";
    if (/^kind$/i.test(prev) || (prev === "=" && tokens[c - 2] === "code")) return true;
    if (/^[A-Z]\w*(?:Error|Exception):?$/.test(t) || (isError && /^[45]\d\d$/.test(t))) return true;
    return c >= causeFrom && !isValueLike(t);
  });
}
