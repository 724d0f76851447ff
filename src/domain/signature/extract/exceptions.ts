import { type ParsedLine, SEVERITY } from "./parsed";

const EXCEPTION_TYPE = "[A-Z]\\w*(?:Error|Exception|Exit|Interrupt|Fault|Failure|Timeout|NotFound|Warning)";
const QUALIFIED = new RegExp(`\\b(?:[a-z_][\\w]*\\.)+(${EXCEPTION_TYPE})\\b`, "g");
const EXCEPTION_LINE = new RegExp(`^(?:[a-z_][\\w]*\\.)*(${EXCEPTION_TYPE})(?::\\s*(.*))?$`);
const NESTED = new RegExp(`^(${EXCEPTION_TYPE}):\\s+(${EXCEPTION_TYPE}(?::.*)?)$`);

// Module paths differ between where an exception is raised and where it is re-reported
// (`builtins.`, `mlserver.errors.`), so the bare type is the stable part.
export function stripExceptionModules(message: string): string {
  return message.replace(QUALIFIED, "$1");
}

// WorkerError and friends wrap the real exception: keep the innermost `Type: message`.
export function unwrapNested(message: string): string {
  let out = message;
  for (let m = NESTED.exec(out); m?.[2]; m = NESTED.exec(out)) out = m[2];
  return out;
}

const CONTEXT_LINES = [
  /^Traceback \(most recent call last\):?$/,
  /^File "[^"]*", line \d+/,
  /^at [\w.$<>]+\(.*\)$/,
  /^\.\.\. \d+ (?:more|common frames omitted)$/,
  /^goroutine \d+ \[/,
  /^[\w./-]+\.go:\d+(?: \+0x[0-9a-f]+)?$/,
  /^[\w./*()-]+\(0x[0-9a-f, .]*\)$/,
  /^The above exception was the direct cause of the following exception:$/,
  /^During handling of the above exception, another exception occurred:$/,
  /^\^+$/,
  /^(?:status|details|debug_error_string) = /,
  /^<?_InactiveRpcError of RPC that terminated with:?$/,
  /^>$/,
];

export function isStackFrame(line: string): boolean {
  const t = line.trim();
  return CONTEXT_LINES.some((re) => re.test(t));
}

// IPython and Jupyter print the exception type first: `ValueError    Traceback (most recent call last)`.
const NOTEBOOK_HEADER = new RegExp(`^(${EXCEPTION_TYPE})\\s{2,}Traceback \\(most recent call last\\)`);

export function parseException(line: string): ParsedLine | null {
  const t = line.trim();
  const header = NOTEBOOK_HEADER.exec(t);
  if (header?.[1]) return { message: header[1], format: "exception-header", severity: SEVERITY.error };
  const panic = /^panic:\s+(.*)$/.exec(t);
  if (panic?.[1]) return { message: `panic: ${panic[1]}`, format: "go-panic", severity: SEVERITY.fatal };
  const m = EXCEPTION_LINE.exec(t);
  if (!m?.[1]) return qualifiedClassLine(t);
  if (m[2] === undefined && !/^(?:[a-z_]\w*\.)+/.test(t) && !/(Error|Exception)$/.test(m[1])) return null;
  const message = unwrapNested(stripExceptionModules(t));
  return { message, format: "exception", severity: SEVERITY.error };
}

// Python prints an exception as `module.Class: message` whatever the class is called
// (`mlserver.errors.InvalidModelURI: …`, `kserve.errors.ModelMissing: …`): a module path in front
// of a CamelCase name and a message make it one even without the Error suffix.
const QUALIFIED_CLASS_LINE = /^(?:[a-z_][a-z0-9_]*\.)+([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+):\s+(\S.*)$/;

function qualifiedClassLine(t: string): ParsedLine | null {
  const m = QUALIFIED_CLASS_LINE.exec(t);
  if (!m?.[1] || !m[2]) return null;
  return { message: `${m[1]}: ${m[2]}`, format: "exception", severity: SEVERITY.error };
}
