import type { ErrorLine } from "../types";
import { splitCandidates } from "./blocks";
import { parseLine } from "./parse-line";
import { SEVERITY } from "./parsed";
import { scoreLine } from "./rank";

export { parseLine, stripBorders } from "./parse-line";

interface Ranked extends ErrorLine {
  index: number;
}

// Prose outside code only counts when it is a recognisable log or error format; a sentence that
// merely mentions "error" is a question, not a signature.
function accept(format: string, severity: number, inCode: boolean): boolean {
  if (severity < SEVERITY.hint) return false;
  if (inCode) return true;
  return format !== "text" || severity >= SEVERITY.error;
}

export function extractErrorLines(text: string): ErrorLine[] {
  const seen = new Map<string, Ranked>();
  for (const c of splitCandidates(text)) {
    const parsed = c.message
      ? { message: c.message, format: "grpc-python", severity: SEVERITY.error }
      : parseLine(c.raw);
    if (!accept(parsed.format, parsed.severity, c.inCode)) continue;
    const score = scoreLine(parsed.severity, parsed.message, c.inCode);
    const prev = seen.get(parsed.message);
    if (prev && prev.score >= score) continue;
    seen.set(parsed.message, { raw: c.raw.trim(), ...parsed, score, index: prev?.index ?? c.index });
  }
  return [...seen.values()]
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ index: _index, ...line }) => line);
}
