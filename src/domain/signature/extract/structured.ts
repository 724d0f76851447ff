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

// `"key": "value"` pairs of a JSON object, read without parsing the whole: a line cut before its
// closing brace (a truncated paste) still yields its fields, the last value as far as it goes.
const JSON_PAIR = /"([\w.@-]+)"\s*:\s*(?:"((?:[^"\\]|\\.)*)("?)|(-?[\d.eE+-]+|true|false|null))/g;

function recoverFields(text: string): Json | null {
  const out: Json = {};
  let found = 0;
  for (const m of text.matchAll(JSON_PAIR)) {
    const key = m[1] ?? "";
    if (key in out) continue;
    if (m[2] !== undefined) {
      try {
        out[key] = JSON.parse(`"${m[2]}"`);
      } catch {
        out[key] = m[2]
          .replace(/\\(["\\/])/g, "$1")
          .replace(/\\n/g, "\n")
          .replace(/\\t/g, "\t");
      }
    } else out[key] = m[4];
    found += 1;
  }
  return found >= 2 ? out : null;
}

// Log shippers wrap the logger's record: `{"level":"INFO","log":{"message":"E0610 … klog line"}}`.
function unwrapEnvelope(o: Json): Json {
  if (str(o.msg) ?? str(o.message) ?? str(o.error)) return o;
  for (const key of ["log", "record", "data", "payload", "jsonPayload", "fields"]) {
    const v = o[key];
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Json;
  }
  return o;
}

export function parseJsonLine(line: string, inner: (s: string) => ParsedLine): ParsedLine | null {
  const t = line.trim();
  if (!t.startsWith("{")) return null;
  let obj: unknown = null;
  if (t.endsWith("}")) {
    try {
      obj = JSON.parse(t);
    } catch {
      obj = null;
    }
  }
  if (obj === null) {
    const dict = t.endsWith("}") ? parseDictRepr(t) : null;
    if (dict) return dict;
    obj = recoverFields(t);
    if (obj === null) return null;
  }
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) return null;
  const outer = obj as Json;
  const o = unwrapEnvelope(outer);
  const info = seldonInfo(o);
  if (info) return { message: info, format: "seldon-json", severity: SEVERITY.error };
  const msg = str(o.msg) ?? str(o.message) ?? "";
  const error = str(o.error) ?? str(o.err) ?? str(o.exception);
  if (!msg && !error) return statusReason(o);
  const level =
    str(o.level) ?? str(o.severity) ?? str(o.levelname) ?? (o === outer ? "" : (str(outer.level) ?? ""));
  const nested = msg && !error ? inner(msg) : null;
  if (nested && nested.format !== "text") return { ...nested, format: `json+${nested.format}` };
  const base = level ? levelSeverity(level) : SEVERITY.plain;
  const message = joinMessage(msg, error);
  const severity = error
    ? Math.max(base, SEVERITY.error)
    : Math.max(base, level ? 0 : contentSeverity(message));
  return { message, format: "json", severity };
}

// One line of a pretty-printed JSON body (`  "error": "Model m not found",`): the object spans
// lines, so no line parses whole, and the value is the message. An error key is an error; a
// message, a reason or Seldon's `info` is one when its words say so.
const JSON_FIELD_LINE =
  /^\s*"(error|err|exception|message|msg|detail|details|reason|info)"\s*:\s*"((?:[^"\\]|\\.)*)"?\s*,?\s*$/;

export function parseJsonFieldLine(line: string): ParsedLine | null {
  const m = JSON_FIELD_LINE.exec(line);
  const key = m?.[1] ?? "";
  const value = (m?.[2] ?? "").replace(/\\(["\\/])/g, "$1").trim();
  if (!m || value === "") return null;
  const error = key === "error" || key === "err" || key === "exception";
  const severity = error
    ? SEVERITY.error
    : ERROR_WORDS.test(value)
      ? Math.max(SEVERITY.warning, contentSeverity(value))
      : SEVERITY.plain;
  return { message: value, format: "json-field", severity };
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

// zap's console encoder and controller-runtime print the message, then the fields as one JSON
// object: `setup unable to create controller {"controller": "X", "error": "no matches for kind …"}`.
export function parseTrailingFields(line: string): ParsedLine | null {
  const at = line.indexOf('{"');
  if (at <= 0 || !line.trimEnd().endsWith("}")) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(line.slice(at).trim());
  } catch {
    return null;
  }
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) return null;
  const error = str((fields as Json).error) ?? str((fields as Json).err);
  if (!error) return null;
  const msg = line.slice(0, at).trim();
  return { message: joinMessage(msg, error), format: "fields", severity: SEVERITY.error };
}
