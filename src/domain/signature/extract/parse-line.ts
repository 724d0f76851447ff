import { isStackFrame, parseException } from "./exceptions";
import { dropGrpcDebug, parseInactiveRpc } from "./grpc";
import { parseCurl, parseKubectl } from "./kube";
import { contentSeverity, type ParsedLine, SEVERITY } from "./parsed";
import { parsePrefixed } from "./prefixes";
import {
  parseJsonFieldLine,
  parseJsonLine,
  parseKafka,
  parseLogfmt,
  parseTrailingFields,
} from "./structured";
import { unwrapMessage } from "./unwrap";

// k9s and some terminals frame log panes with box-drawing borders.
export function stripBorders(line: string): string {
  return line.replace(/^\s*[│┃|]\s?/, "").replace(/\s?[│┃|]\s*$/, "");
}

// `kubectl logs --timestamps` puts an RFC 3339 time with nanoseconds before the container's own line.
function stripLogsTimestamp(line: string): string {
  return line.replace(/^\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6,9}Z\s+/, "");
}

// Editors and chat tools turn quotes curly (`didn’t`, `msg=“…”`); logs print them straight.
function straightenQuotes(line: string): string {
  return line.replace(/[‘’‚‛]/g, "'").replace(/[“”„‟]/g, '"');
}

function parseFormats(line: string): ParsedLine | null {
  return (
    parseJsonLine(line, parseLine) ??
    parseJsonFieldLine(line) ??
    parseKafka(line) ??
    parseLogfmt(line) ??
    parsePrefixed(line) ??
    parseKubectl(line) ??
    parseCurl(line) ??
    parseException(line)
  );
}

// A prefix parser yields the message after the log header; that message may itself be an
// exception line, a gRPC client error or a wrapped error that needs the same unwrapping.
function refine(outer: ParsedLine): ParsedLine {
  const body = outer.format.includes("json") ? null : parseJsonLine(outer.message, parseLine);
  const parsed = body
    ? { ...body, severity: Math.max(body.severity, outer.severity), format: outer.format }
    : outer;
  const grpc = parseInactiveRpc(parsed.message);
  // A JSON-escaped message carries its stack trace after a literal `\n`: the first line is the error.
  let message = (grpc ?? dropGrpcDebug(parsed.message)).split("\\n")[0] ?? "";
  message = unwrapMessage(message);
  let severity = parsed.severity;
  // A message that is an exception line is an error unless its log level says otherwise.
  const inner = parsed.format !== "exception" ? parseException(message) : null;
  if (inner && severity >= SEVERITY.plain) severity = Math.max(severity, inner.severity);
  if (parsed.format === "rclone" && severity === SEVERITY.hint) severity = SEVERITY.error;
  return { ...parsed, message, severity };
}

/** The line as the parsers read it: borders, a `kubectl logs` timestamp and curly quotes undone. */
export function cleanLine(raw: string): string {
  return straightenQuotes(stripLogsTimestamp(stripBorders(raw)));
}

export function parseLine(raw: string): ParsedLine {
  const line = cleanLine(raw);
  if (isStackFrame(line)) return { message: line.trim(), format: "frame", severity: SEVERITY.context };
  const parsed = parseFormats(line);
  if (parsed) {
    // A log header may still be followed by the message and its fields as JSON.
    const fields = parseTrailingFields(parsed.message);
    return refine(fields ? { ...fields, severity: Math.max(fields.severity, parsed.severity) } : parsed);
  }
  const fields = parseTrailingFields(line.trim());
  if (fields) return refine(fields);
  const message = line.trim();
  // A gRPC status anywhere in a line marks it as a log line even without a level.
  if (/\brpc error: code = \w+ desc = /.test(message))
    return refine({ message, format: "grpc", severity: SEVERITY.error });
  return refine({ message, format: "text", severity: contentSeverity(message) });
}
