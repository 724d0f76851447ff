import { parseException } from "./exceptions";
import { parseLine } from "./parse-line";
import { type ParsedLine, SEVERITY } from "./parsed";

// An exception named inside a sentence: `the classifier fails with ModuleNotFoundError: No module…`.
const EMBEDDED_EXCEPTION = /(?:^|[\s(`'"])((?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception)):\s+\S/;
// Inline code spans hold pasted text; quoted text after "error" is the message as the user saw it.
const CODE_SPAN = /`([^`\n]{8,})`/g;
const QUOTED_AFTER_ERROR = /\berror(?:\s+(?:message|says|is|was|like))?\s*[:,]?\s*["“]([^"”\n]{8,})["”]/gi;
// A message quoted anywhere in a sentence (`times out with 'upstream request timeout' from envoy`)
// counts when its own words say error; an apostrophe inside a word opens no quote.
const QUOTED_MESSAGE = /(?:^|[\s(])['"“‘]([^'"”’\n]{8,200}?)['"”’](?=[\s.,;:)!?]|$)/g;

function parsedSpan(text: string): ParsedLine | null {
  const parsed = parseLine(text);
  if (parsed.severity < SEVERITY.hint) return null;
  return parsed.format === "text" ? { ...parsed, format: "prose-span" } : parsed;
}

/**
 * Error text carried inside a prose sentence: an exception named mid-sentence, a code span, or a
 * quoted message after the word "error". Empty when the sentence carries none.
 */
export function proseErrors(sentence: string): ParsedLine[] {
  const out: ParsedLine[] = [];
  const at = EMBEDDED_EXCEPTION.exec(sentence);
  if (at?.[1]) {
    const start = sentence.indexOf(at[1], at.index);
    // Quoted or in a code span: the closing mark is not part of the message.
    const opener = sentence[start - 1] ?? "";
    const rest = sentence.slice(start);
    const close = /[`'"]/.test(opener) ? rest.lastIndexOf(opener) : -1;
    const exception = parseException(close > 0 ? rest.slice(0, close) : rest);
    if (exception) out.push(exception);
  }
  for (const m of sentence.matchAll(CODE_SPAN)) {
    const span = m[1] ? parsedSpan(m[1]) : null;
    if (span) out.push(span);
  }
  for (const m of sentence.matchAll(QUOTED_MESSAGE)) {
    const span = m[1] ? parsedSpan(m[1]) : null;
    if (span) out.push(span);
  }
  for (const m of sentence.matchAll(QUOTED_AFTER_ERROR)) {
    const span = m[1] ? parsedSpan(m[1]) : null;
    if (span) out.push({ ...span, severity: Math.max(span.severity, SEVERITY.hint) });
  }
  return out;
}
