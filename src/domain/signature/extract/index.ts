import type { ErrorLine } from "../types";
import { splitCandidates } from "./blocks";
import { cleanLine, parseLine } from "./parse-line";
import { ERROR_WORDS, type ParsedLine, SEVERITY } from "./parsed";
import { proseErrors } from "./prose";
import { scoreLine } from "./rank";

export { parseLine, stripBorders } from "./parse-line";

interface Ranked extends ErrorLine {
  index: number;
}

export interface ExtractOptions {
  /**
   * Also keep prose sentences that merely mention an error word (`inCode: false`, format `text`,
   * hint severity). They are weak evidence; callers weigh them down. Default: left out.
   */
  loose?: boolean;
}

// Prose outside code only counts when it is a recognisable log or error format; a sentence that
// merely mentions "error" is a question, not a signature (unless the caller asked for loose lines).
function accept(parsed: ParsedLine, inCode: boolean, loose: boolean): boolean {
  if (parsed.severity < SEVERITY.hint) return false;
  if (inCode || loose) return true;
  return parsed.format !== "text" || parsed.severity >= SEVERITY.error;
}

const chained = (parsed: ParsedLine) => parsed.severity >= SEVERITY.hint && parsed.message.includes(": ");

// The unwrapping took a relay off the line and left an error chain.
const relayed = (raw: string, parsed: ParsedLine) =>
  chained(parsed) && parsed.message !== cleanLine(raw).trim();

function candidatesOf(raw: string, inCode: boolean, folded: string | undefined): ParsedLine[] {
  if (folded) return [{ message: folded, format: "grpc-python", severity: SEVERITY.error }];
  const parsed = parseLine(raw);
  if (parsed.format !== "text" || (inCode && parsed.severity >= SEVERITY.error)) return [parsed];
  // A sentence can carry the error itself: `it fails with KeyError: 'x'`, `` `No module named y` ``
  // (pasted into a code block too, when the whole report went into one).
  const embedded = proseErrors(raw);
  // An error chain pasted as code (`failed calling webhook "h": Post "https://…?timeout=10s": …`), or
  // a relay that quotes one whole (`Error "<chain>" for field "…"`), is that error: the fragments
  // quoted inside it (a URL, an inner message) are more candidates, never its replacement.
  if (embedded.length > 0 && (relayed(raw, parsed) || (inCode && chained(parsed))))
    return [parsed, ...embedded];
  return embedded.length > 0 ? embedded : [parsed];
}

// A log line right before a traceback or an exception line announces that exception
// (`Uncaught exception POST /…`, `Couldn't retrieve prediction …`): the exception is the error.
// Lines that report no error of their own may come between them (tornado prints the request it
// failed on, often wrapped); another error line in between speaks for itself.
const ANNOUNCED =
  /^\s*(?:Traceback \(most recent call last\)|(?:[a-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception)\b)/;

const ANNOUNCE_REACH = 3;

function announcesAhead(candidates: { raw: string }[], i: number): boolean {
  for (const next of candidates.slice(i + 1, i + 1 + ANNOUNCE_REACH)) {
    if (ANNOUNCED.test(next.raw)) return true;
    if (ERROR_WORDS.test(next.raw)) return false;
  }
  return false;
}

export function extractErrorLines(text: string, options: ExtractOptions = {}): ErrorLine[] {
  const seen = new Map<string, Ranked>();
  const candidates = splitCandidates(text);
  candidates.forEach((c, i) => {
    const announces = !ANNOUNCED.test(c.raw) && announcesAhead(candidates, i);
    for (const parsed of candidatesOf(c.raw, c.inCode, c.message)) {
      if (!accept(parsed, c.inCode, options.loose ?? false)) continue;
      const score = scoreLine(parsed.severity, parsed.message, c.inCode);
      const prev = seen.get(parsed.message);
      if (prev && prev.score >= score) continue;
      seen.set(parsed.message, {
        raw: c.raw.trim(),
        ...parsed,
        score,
        inCode: c.inCode,
        announces,
        index: prev?.index ?? c.index,
      });
    }
  });
  return [...seen.values()]
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ index: _index, ...line }) => line);
}
