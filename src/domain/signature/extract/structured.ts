import {
  contentSeverity,
  ERROR_WORDS,
  joinMessage,
  levelSeverity,
  type ParsedLine,
  SEVERITY,
} from "./parsed";

type Json = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

// Seldon error bodies hide the real message in `info`, at top level (Java engine) or under `status`.
function seldonInfo(obj: Json): string | undefined {
  const status = obj.status;
  if (status && typeof status === "object") return str((status as Json).info);
  return str(obj.info);
}

export function parseJsonLine(line: string, inner: (s: string) => ParsedLine): ParsedLine | null {
  const t = line.trim();
  if (!t.startsWith("{") || !t.endsWith("}")) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(t);
  } catch {
    return parseDictRepr(t);
  }
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) return null;
  const o = obj as Json;
  const info = seldonInfo(o);
  if (info) return { message: info, format: "seldon-json", severity: SEVERITY.error };
  const msg = str(o.msg) ?? str(o.message) ?? "";
  const error = str(o.error) ?? str(o.err) ?? str(o.exception);
  if (!msg && !error) return statusReason(o);
  const level = str(o.level) ?? str(o.severity) ?? str(o.levelname) ?? "";
  const nested = msg && !error ? inner(msg) : null;
  if (nested && nested.format !== "text") return { ...nested, format: `json+${nested.format}` };
  const base = level ? levelSeverity(level) : SEVERITY.plain;
  const message = joinMessage(msg, error);
  const severity = error
    ? Math.max(base, SEVERITY.error)
    : Math.max(base, level ? 0 : contentSeverity(message));
  return { message, format: "json", severity };
}

// `seldon model status` and `kubectl get -o json` nest the failure as a `reason` deep inside.
function statusReason(o: unknown, depth = 0): ParsedLine | null {
  if (!o || typeof o !== "object" || depth > 6) return null;
  for (const [k, v] of Object.entries(o as Json)) {
    if ((k === "reason" || k === "message") && typeof v === "string" && ERROR_WORDS.test(v)) {
      return { message: v, format: "status-json", severity: SEVERITY.error };
    }
    const nested = statusReason(v, depth + 1);
    if (nested) return nested;
  }
  return null;
}

// The Core 1 Python wrapper logs a dict repr, not JSON: pick `info` out of it.
function parseDictRepr(t: string): ParsedLine | null {
  const m = /'info':\s*(['"])(.*?)\1\s*[,}]/.exec(t);
  if (!m?.[2]) return null;
  return { message: m[2], format: "seldon-dict", severity: SEVERITY.error };
}

const LOGFMT_PAIR = /([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g;

function unquote(v: string): string {
  if (!v.startsWith('"')) return v;
  try {
    return JSON.parse(v) as string;
  } catch {
    return v.slice(1, -1).replace(/\\"/g, '"');
  }
}

export function parseLogfmt(line: string): ParsedLine | null {
  if (!/\b(level|lvl|msg)=/.test(line)) return null;
  const fields = new Map<string, string>();
  for (const m of line.matchAll(LOGFMT_PAIR)) if (m[1] && m[2] !== undefined) fields.set(m[1], unquote(m[2]));
  const msg = fields.get("msg") ?? fields.get("message") ?? "";
  const error = fields.get("error") ?? fields.get("err");
  if (!msg && !error) return null;
  const level = fields.get("level") ?? fields.get("lvl") ?? "";
  const base = level ? levelSeverity(level) : contentSeverity(msg);
  const severity = error ? Math.max(base, SEVERITY.error) : base;
  return { message: joinMessage(msg, error), format: "logfmt", severity };
}

// librdkafka: %<syslog level>|<epoch>|<FACILITY>|<client>| [thrd:...]: message
export function parseKafka(line: string): ParsedLine | null {
  const m = /^%(\d)\|[\d.]+\|([A-Z_]+)\|[^|]*\|\s*(?:\[thrd:[^\]]*\]:?\s*)?(.*)$/.exec(line.trim());
  if (!m) return null;
  const severity = levelSeverity(m[1] ?? "7");
  return {
    message: `${m[2]}: ${(m[3] ?? "").replace(/^[\w.:/-]+:\d+\/[\w.-]+:\s*/, "")}`,
    format: "librdkafka",
    severity,
  };
}
