import type { MaskedValue } from "./types";

// A rule rewrites its match; `keep` builds the replacement from capture groups so context words
// (scheme, "No module named", the service name) survive and only the varying part becomes <*>.
interface MaskRule {
  kind: string;
  pattern: RegExp;
  keep?: (groups: string[]) => { text: string; value: string } | null;
}

const W = "<*>";
const HTTP_REASONS =
  /^\s+(?:OK|Created|Accepted|No Content|Moved|Found|Not Modified|Bad Request|Unauthorized|Forbidden|Not Found|Method Not Allowed|Conflict|Gone|Payload Too Large|Request Entity Too Large|Unprocessable Entity|Too Many Requests|Internal Server Error|Not Implemented|Bad Gateway|Service Unavailable|Gateway Timeout|page not found)\b/;
const HTTP_STATUS_BEFORE =
  /(?:HTTP\/\d(?:\.\d)?\s+|HTTP\/|status\s?code[:=]?\s*|statuscode[:=]?\s*|"status":\s*|status[:=]\s*)$/i;
// An exit code or signal number is an enumeration like an HTTP status: 137 (killed, usually out of
// memory) and 1 (the program failed) are different problems.
const EXIT_CODE_BEFORE =
  /(?:exit(?:ed)?(?: with)?\s+(?:code|status)|exitcode|by signal|signal:)\s*[:=]?\s*$/i;
const NAME_STOPWORDS = new Set(
  "as is in on for to the a an error errors request with from of not has have was were and or by at into that this which it be been being settings memory requirements replica replicas name names route version versions server servers model models pipeline pipelines experiment step steps input output inputs outputs not-found status config gateway gateways update load unload".split(
    " ",
  ),
);

// A plain word after "model" is a name only where a name fits: quoted, shaped like an identifier,
// or followed by a predicate ("model iris not found"); "model stopped" keeps its verb.
function isResourceName(name: string, open: string, next: string): boolean {
  if (name === W || NAME_STOPWORDS.has(name.toLowerCase())) return false;
  if (open !== "" || /[\d_.:-]/.test(name)) return true;
  const after = next.trim().toLowerCase();
  return after === "" || NAME_FOLLOWERS.has(after) || /^[,.:;)]/.test(next);
}

const NAME_FOLLOWERS = new Set("not is was has does already still failed with from in on for by".split(" "));

function keepPrefix(prefix: string, value: string, suffix = "") {
  return { text: `${prefix}${W}${suffix}`, value };
}

export const MASK_RULES: MaskRule[] = [
  {
    kind: "timestamp",
    pattern:
      /\b\d{4}[-/]\d{2}[-/]\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|\s?[+-]\d{2}:?\d{2}|\s?UTC)?)?\b/g,
  },
  {
    kind: "timestamp",
    pattern:
      /\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\s+\d{1,2},?\s+(?:\d{4}\s+)?\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?:\s+\d{4}\b)?/g,
  },
  { kind: "timestamp", pattern: /(?<![\d.:])\b\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\b(?![.:]\d)/g },
  { kind: "duration", pattern: /<?\b\d+(?:\.\d+)?\s?(?:sec|secs|seconds?|mins?|minutes?|hours?|days?)\b/g },
  { kind: "size", pattern: /\b\d[\d,]*\s?bytes\s\(\d+(?:\.\d+)?\s?[KMGT]B\)/g },
  { kind: "uuid", pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi },
  {
    kind: "url",
    pattern: /\b(?:s3|gs|gcs|az|azure|minio|file|hdfs):\/\/[^\s"'<>]+/g,
  },
  // A whole URL: host, port, path and query differ between installations (service names,
  // namespaces, model names in paths), not between problems.
  {
    kind: "url",
    pattern: /\b(https?|grpcs?|wss?):\/\/[^\s"'<>`)\]]*[^\s"'<>`)\]:.,;]/g,
    keep: ([match = "", scheme = ""]) => keepPrefix(`${scheme}://`, match.slice(scheme.length + 3)),
  },
  {
    kind: "host",
    pattern: /\b(tcp|kafka):\/\/([^/\s"'<>:]+)(?::\d+)?/g,
    keep: ([, scheme = "", host = ""]) => keepPrefix(`${scheme}://`, host),
  },
  // Kubernetes names the webhook it called; the name differs by chart version, the cause does not.
  {
    kind: "webhook",
    pattern: /(webhook ")([^"\s]+)(")/g,
    keep: ([, lead = "", name = "", tail = ""]) => keepPrefix(lead, name, tail),
  },
  // A field path in a Kubernetes validation error (`spec.template.spec.containers[0].image`).
  {
    kind: "field",
    pattern: /\b(?:spec|metadata|status|data)(?:\.[\w$-]+|\[[^\]\s]*\])+/g,
  },
  {
    kind: "namespace",
    pattern: /\.([a-z0-9][a-z0-9-]*)\.svc\b/g,
    keep: ([, ns = ""]) => keepPrefix(".", ns, ".svc"),
  },
  {
    kind: "host",
    pattern:
      /(?<![\w.-])(?=[\w.-]*[a-z])[a-z0-9][\w-]*(?:\.[\w-]+)*\.(?:com|net|org|edu|gov|mil|info|biz|us|uk|de|fr|jp|cn|hk|tw|kr|ru|br|in|it|nl|au|ca|local|internal|lan)(?![\w-])/gi,
  },
  // IPv6: bracketed with a port (`[::1]:9000`, `[fd00::a]:8080`), compressed (`fe80::1`), or in
  // full. A bare compressed form needs hex groups on both sides of its `::` or one side and
  // nothing word-like around it, so `std::vector` and `Foo::bar` stay.
  { kind: "ip", pattern: /\[[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\](?::\d{1,5})?/gi },
  {
    kind: "ip",
    pattern:
      /(?<![\w:.])(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?(?![\w:])(?<=[0-9a-f])/gi,
  },
  { kind: "ip", pattern: /\[?\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b\]?(?::\d{1,5})?/gi },
  { kind: "ip", pattern: /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g },
  { kind: "pointer", pattern: /\b0x[0-9a-f]+\b/gi },
  // A release (`v0.2.0`, `v1.19.2-gke.1`) varies like any number; a bare `v1` (an API version) stays.
  { kind: "version", pattern: /(?<![\w.-])v\d+(?:\.\d+){1,3}(?:-[\w.]+)?(?![\w.])/g },
  {
    kind: "pod",
    pattern: /\b[a-z][a-z0-9-]*?-(?=[a-z0-9]*\d)[a-z0-9]{6,10}-[a-z0-9]{5}\b/g,
  },
  { kind: "hex", pattern: /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi },
  { kind: "file", pattern: /(?<=")[\w./-]+\.(?:ya?ml|json)(?=")/g },
  {
    kind: "webhook-version",
    pattern: /(webhook ")v\d+(?:alpha\d*|beta\d*)?\.(?=[a-z])/g,
    keep: ([, lead = ""]) => keepPrefix(lead, "", "."),
  },
  {
    kind: "module",
    pattern: /(No module named )'([^']+)'/g,
    keep: ([, lead = "", mod = ""]) => keepPrefix(`${lead}'`, mod, "'"),
  },
  {
    kind: "type",
    pattern: /(Object of type )(\w+)( is not JSON serializable)/g,
    keep: ([, a = "", t = "", b = ""]) => keepPrefix(a, t, b),
  },
  { kind: "path", pattern: /(?<![\w.:/-])\/(?:[\w.@~+-]+\/)+[\w.@~+-]*/g },
  {
    kind: "name-version",
    pattern: /(?<![\w./:-])[A-Za-z][\w.-]*:\d{1,3}(?![\d.:\w])/g,
  },
  {
    kind: "port",
    pattern: /(?<![\w.-])([A-Za-z][\w-]*(?:\.[\w-]+)*):(\d{2,5})\b/g,
    keep: ([, host = "", port = ""]) => keepPrefix(`${host}:`, port),
  },
  { kind: "duration", pattern: /(?<![\w.])(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|h|m|s))+(?![\w])/g },
  { kind: "size", pattern: /(?<![\w.])\d+(?:\.\d+)?\s?(?:[KMGTP]i?B?|bytes|B)(?![\w])/g },
  {
    kind: "name",
    pattern:
      /(?<![\w-])((?:[Mm]odel|[Pp]ipeline|[Ee]xperiment|[Ss]erver|[Nn]amespace|[Uu]ser)\s+)(['"[]?)([\w.-]+)(['"\]]?)(?=(\s+\w+|[,.:;)]?\s*$|[,:;)]|))/g,
    keep: ([, noun = "", open = "", name = "", close = "", next = ""]) =>
      isResourceName(name, open, next) ? keepPrefix(`${noun}${open}`, name, close) : null,
  },
];

function applyRule(text: string, rule: MaskRule, masks: MaskedValue[]): string {
  return text.replace(rule.pattern, (...args: unknown[]) => {
    const match = args[0] as string;
    if (!rule.keep) {
      masks.push({ kind: rule.kind, value: match });
      return W;
    }
    const groups = args.slice(0, -2).map((g) => (typeof g === "string" ? g : ""));
    const kept = rule.keep(groups);
    if (!kept) return match;
    masks.push({ kind: rule.kind, value: kept.value || match });
    return kept.text;
  });
}

// Numbers last: glued to a letter (x509, ssh2, IPv4) they are part of a name; HTTP statuses are kept
// because a 503 and a 404 are different problems.
function maskNumbers(text: string, masks: MaskedValue[]): string {
  return text.replace(/(?<![A-Za-z0-9<*])[-+]?\d+(?:\.\d+)*/g, (match, offset: number) => {
    const before = text.slice(Math.max(0, offset - 24), offset);
    const after = text.slice(offset + match.length, offset + match.length + 30);
    if (/^\d{3}$/.test(match) && (HTTP_STATUS_BEFORE.test(before) || HTTP_REASONS.test(after))) return match;
    if (/HTTP\/$/.test(before)) return match;
    if (/^\d{1,3}$/.test(match) && EXIT_CODE_BEFORE.test(before)) return match;
    masks.push({ kind: "number", value: match });
    return W;
  });
}

export function applyMasks(text: string): { template: string; masks: MaskedValue[] } {
  const masks: MaskedValue[] = [];
  let out = text;
  for (const rule of MASK_RULES) out = applyRule(out, rule, masks);
  out = maskNumbers(out, masks);
  return { template: out, masks };
}
