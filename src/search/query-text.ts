/** The most text any search surface accepts: a whole pasted log, not a file upload. */
export const MAX_QUERY_BYTES = 64 * 1024;

export type QueryProblem = { kind: "empty" | "too-large" | "binary" | "invalid-utf8"; message: string };

// Control characters other than tab, newline, carriage return, form feed and ESC (ANSI colours
// survive in pasted terminal logs) mean the input is not text.
const BINARY = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/;

/** Checks a pasted query the same way on every surface; null when it is searchable text. */
export function checkQueryText(text: string): QueryProblem | null {
  if (new TextEncoder().encode(text).length > MAX_QUERY_BYTES) {
    return {
      kind: "too-large",
      message: `the text is larger than ${MAX_QUERY_BYTES / 1024} KiB; paste the part of the log around the error`,
    };
  }
  if (text.trim() === "")
    return { kind: "empty", message: "the text is empty; paste an error message or a log" };
  if (text.includes("\uFFFD"))
    return { kind: "invalid-utf8", message: "the text is not valid UTF-8; paste it as text" };
  if (BINARY.test(text))
    return {
      kind: "binary",
      message: "the text contains binary data (control characters such as NUL); paste it as text",
    };
  return null;
}

/** Decodes raw bytes strictly: invalid UTF-8 is reported, never silently replaced. */
export function decodeQueryBytes(bytes: Uint8Array): { text: string } | { problem: QueryProblem } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { problem: { kind: "invalid-utf8", message: "the text is not valid UTF-8; paste it as text" } };
  }
}
