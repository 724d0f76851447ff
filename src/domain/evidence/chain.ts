// Error chains: Go and Python wrap an error in the context it travelled through
// (`failed calling webhook X: Post URL: dial tcp A: connect: connection refused`), and every relay
// (kubectl, helm, kfctl, the operator's log) adds clauses of its own in front. The cause is at the
// end, so a chain is read as its suffixes: the same cause relayed by different tools shares them.

/** A chain of clauses, outermost first; an aggregate (`is invalid: [a, b]`) has one chain per item. */
export interface Chain {
  clauses: string[];
  items: Chain[];
}

// `: ` separates Go's `fmt.Errorf("…: %w")` layers and Python's `Type: message`; ` : ` is how some
// tools (kfctl, xgboost) print the same; `desc = ` and `details = ` carry a gRPC status's message.
// A JSON fragment quoted in a line (`… is failing with "error":"dial tcp …"`) hands over to its
// inner error at the key.
const CLAUSE_BREAK =
  /\s+:\s+|:\s+|\s+desc = |\s+details = |\s+because\s+(?=\w)|\s*\\?"(?:error|err|msg|message|reason|cause)\\?"\s*:\s*\\?"?(?=\w)/;
// A Kubernetes aggregate error lists field errors as `[path: Type: detail, path: Type: detail]`;
// an item starts where a field path (masked to <*> or still dotted) is followed by `: `.
const ITEM_BREAK = /,\s+(?=(?:<\*>|[\w.[\]<>*-]+\.[\w.[\]<>*-]+):\s)/;
// Trailing detail that one report prints and another omits: `(possibly because of …)`, a file in
// parentheses, a relay's `for field "…"` tail.
// A second sentence (`… before headers. reset reason: connection failure`) is detail too.
const TRAILING_DETAIL =
  /\s*(?:\((?:[^()]|\([^()]*\))*\)?|for field "[^"]*"\.?|\[[^\]]*\]?|(?<=[a-z])\.\s+[a-z][^.]*)\s*$/;

const MAX_CLAUSES = 12;
const MAX_ITEMS = 8;

// Bullets and list punctuation around a clause are layout; quotes stay (see `featureKey`).
function cleanClause(clause: string): string {
  const out = clause.replace(/^[\s*•-]+|[\s,;.]+$/g, "").trim();
  // The closing quote of a quoted inner error (`"error":"… connection refused"`) belongs to no clause.
  return (out.match(/"/g)?.length ?? 0) % 2 === 1 && out.endsWith('"') ? out.slice(0, -1).trimEnd() : out;
}

/**
 * What two suffixes are compared by: quotes dropped, because Go quotes a URL in one release and
 * not the next (`Post "https://…": EOF` / `Post https://…: EOF`) and a clause boundary may fall
 * inside a quoted string.
 */
export function featureKey(text: string): string {
  return text.replace(/\\?["'`]/g, "");
}

// Breaks inside parentheses belong to a detail (`(possibly because of "crypto/rsa: verification
// error" …)`), not to the chain.
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "(") depth += 1;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      const m = CLAUSE_BREAK.exec(text.slice(i, i + 24));
      if (m && m.index === 0) {
        parts.push(text.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function splitClauses(text: string): string[] {
  const out: string[] = [];
  for (const part of topLevelParts(text)) {
    const c = cleanClause(part);
    if (c !== "") out.push(c);
  }
  return out.length > MAX_CLAUSES ? out.slice(out.length - MAX_CLAUSES) : out;
}

/** Splits a masked error message into its chain of clauses and aggregate items. */
export function splitChain(template: string): Chain {
  // The list that follows `is invalid:` starts with a field path; an earlier `[` is something else.
  const open = template.search(/:\s*\[(?=(?:<\*>|[\w.[\]-]+):\s)/);
  if (open >= 0) {
    const head = template.slice(0, open);
    const body = template.slice(template.indexOf("[", open) + 1).replace(/\]\s*$/, "");
    const parts = body.split(ITEM_BREAK);
    if (parts.length > 1 || /^(?:<\*>|[\w.[\]<>*-]+):\s/.test(body)) {
      const items = [...new Set(parts.map((p) => p.trim()).filter(Boolean))]
        .slice(0, MAX_ITEMS)
        .map((p) => ({ clauses: splitClauses(p), items: [] }));
      return { clauses: splitClauses(head), items };
    }
  }
  return { clauses: splitClauses(template), items: [] };
}

/**
 * The suffixes of a chain, innermost first: `[cause]`, `[context: cause]`, … up to the whole chain.
 * For an aggregate, the suffixes of every item (the field errors are what tells two invalid CRDs
 * apart, not the object they belong to).
 */
export function chainSuffixes(chain: Chain): { text: string; depth: number; whole: boolean }[] {
  if (chain.items.length > 0) return chain.items.flatMap(chainSuffixes).map((s) => ({ ...s, whole: false }));
  const out: { text: string; depth: number; whole: boolean }[] = [];
  // `ImportError: cannot import …` and `cannot import …` (quoted without its type) are the same
  // whole message.
  const typed = chain.clauses.length > 1 && BARE_EXCEPTION_TYPE.test(chain.clauses[0] ?? "");
  for (let i = chain.clauses.length - 1; i >= 0; i--)
    out.push({
      text: chain.clauses.slice(i).join(": "),
      depth: chain.clauses.length - i,
      whole: i === 0 || (i === 1 && typed),
    });
  return out;
}

const BARE_EXCEPTION_TYPE = /^(?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception)$/;

/** The clause with trailing detail removed, when there is some; otherwise null. */
export function withoutTrailingDetail(text: string): string | null {
  const trimmed = text.replace(TRAILING_DETAIL, "").trim();
  return trimmed !== "" && trimmed !== text ? trimmed : null;
}
