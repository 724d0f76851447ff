/**
 * Removes credentials from pasted text before it is stored (search log) or shown back (pages, Slack).
 * Pure string rewriting, no I/O: the same on Node and Workers. Each rule names one kind of secret;
 * they run in order, so a private key inside a JSON value is cut before the JSON rule sees it.
 * Rules prefer context (a key name, a scheme, a known token prefix) over shape alone, so that
 * ordinary error lines (hex ids, pod names, URLs with ports, "invalid token") pass unchanged.
 */

export const REDACTED = "[REDACTED]";

type Rule = { kind: string; apply: (text: string) => string };

// Key names whose value is a secret: the name must end with one of these words (so `max_tokens`,
// `secretName`, `password_file` and `tokenizer` are left alone).
const SECRET_KEY =
  "[A-Za-z0-9_.-]*?(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|secret[_-]?key|private[_-]?key(?:[_-]?id)?|account[_-]?key|shared[_-]?access[_-]?key|credentials?|client[_-]?secret)";

// Values that are visibly not a secret: booleans, placeholders, templates, masks, references.
const NOT_A_SECRET =
  /^(?:|true|false|null|nil|none|\*+|x+|<[^>]*>|\[[^\]]*\]|\$\{[^}]*\}|\$\([^)]*\)|\{\{.*|\$[A-Za-z_][A-Za-z0-9_]*|%s|%v)$/i;

const keep = (value: string) => NOT_A_SECRET.test(value.replace(/^(["'])(.*)\1$/, "$2").trim());

const PEM_NAME = "((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?";
const PEM_WHOLE = new RegExp(
  String.raw`-----BEGIN ${PEM_NAME}-----[\s\S]*?-----END \1PRIVATE KEY\2-----`,
  "g",
);
// A key cut off before its END line: take the base64 lines that follow (also as JSON "\n" escapes).
const PEM_CUT = new RegExp(
  String.raw`-----BEGIN ${PEM_NAME}-----(?!\[REDACTED\])(?:(?:\s|\\[nr])*[A-Za-z0-9+/=]{16,})*`,
  "g",
);

function isPrintableCredentialPair(base64: string): boolean {
  try {
    const decoded = atob(base64);
    return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded);
  } catch {
    return false;
  }
}

// Random tokens have digits or symbols; English words after "Bearer" ("Bearer authentication") do not.
const looksRandom = (token: string) => token.length >= 8 && /[0-9._~+/=-]/.test(token);
const AWS_CONTEXT = /aws|secret|access.?key|credential|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/i;
const mixedBase64 = (token: string) => /[a-z]/.test(token) && /[A-Z]/.test(token) && /[0-9]/.test(token);

const RULES: Rule[] = [
  {
    kind: "pem-private-key",
    apply: (t) =>
      t
        .replace(
          PEM_WHOLE,
          (_m, a = "", b = "") =>
            `-----BEGIN ${a}PRIVATE KEY${b}-----${REDACTED}-----END ${a}PRIVATE KEY${b}-----`,
        )
        .replace(PEM_CUT, (_m, a = "", b = "") => `-----BEGIN ${a}PRIVATE KEY${b}-----${REDACTED}`),
  },
  {
    kind: "jwt",
    apply: (t) => t.replace(/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED),
  },
  {
    kind: "github-token",
    apply: (t) =>
      t.replace(
        /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
        REDACTED,
      ),
  },
  {
    kind: "slack-token",
    apply: (t) =>
      t
        .replace(/\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,}/g, REDACTED)
        .replace(/(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Za-z0-9/_-]+/g, `$1${REDACTED}`),
  },
  {
    // A bare 40-character mixed-case base64 word on a line that talks about AWS keys: the shape of a
    // secret access key (CSV exports, `aws configure list`). Hex ids and paths elsewhere stay.
    kind: "aws-secret-access-key",
    apply: (t) =>
      t
        .split("\n")
        .map((line) =>
          AWS_CONTEXT.test(line)
            ? line.replace(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, (m) =>
                mixedBase64(m) ? REDACTED : m,
              )
            : line,
        )
        .join("\n"),
  },
  {
    kind: "aws-access-key-id",
    apply: (t) =>
      t.replace(/\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b/g, REDACTED),
  },
  { kind: "gcp-api-key", apply: (t) => t.replace(/\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, REDACTED) },
  {
    kind: "url-password",
    apply: (t) =>
      t.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@'"<>]*):([^\s/?#@'"<>]+)@/gi, (m, head, pass) =>
        keep(pass) ? m : `${head}:${REDACTED}@`,
      ),
  },
  {
    kind: "authorization-header",
    apply: (t) =>
      t.replace(
        /\b((?:proxy-)?authorization\\?["']?\s*[:=]\s*\\?["']?)((?:bearer|basic|token|digest|apikey)\s+)?([^\s"'\\,;]+)/gi,
        // Without a scheme word only a random-looking value counts ("authorization: permission denied" stays).
        (m, head, scheme = "", value) =>
          keep(value) || (!scheme && !looksRandom(value)) ? m : `${head}${scheme}${REDACTED}`,
      ),
  },
  {
    kind: "bearer-token",
    apply: (t) =>
      t.replace(/\b(bearer\s+)([A-Za-z0-9._~+/-]+=*)/gi, (m, head, token) =>
        looksRandom(token) ? `${head}${REDACTED}` : m,
      ),
  },
  {
    kind: "basic-credentials",
    apply: (t) =>
      t.replace(/\b(basic\s+)([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])/gi, (m, head, token) =>
        isPrintableCredentialPair(token) ? `${head}${REDACTED}` : m,
      ),
  },
  {
    kind: "cli-credentials",
    apply: (t) =>
      t
        .replace(/((?:^|\s)(?:-u|--user)[\s=]+)([^\s:'"]+):([^\s'"]+)/g, (m, head, user, pass) =>
          keep(pass) ? m : `${head}${user}:${REDACTED}`,
        )
        .replace(new RegExp(String.raw`((?:^|\s)--?${SECRET_KEY}\s+)([^\s-][^\s]*)`, "gi"), (m, head, v) =>
          keep(v) ? m : `${head}${REDACTED}`,
        ),
  },
  {
    // JSON, Python dict reprs and escaped JSON inside a log line: "password": "…", 'token': '…'.
    kind: "quoted-key-value",
    apply: (t) =>
      t.replace(
        new RegExp(String.raw`(\\?["'])(${SECRET_KEY})\1(\s*:\s*)(\\?["'])((?:(?!\4)[^\n])*)\4`, "gi"),
        (m, q1, key, sep, q2, value) => (keep(value) ? m : `${q1}${key}${q1}${sep}${q2}${REDACTED}${q2}`),
      ),
  },
  {
    // logfmt, query strings, env files, connection strings: password=…, ?token=…&, AccountKey=…;
    kind: "key-equals-value",
    apply: (t) =>
      t.replace(
        new RegExp(
          String.raw`(?<![A-Za-z0-9_.-])(${SECRET_KEY})(["']?\s*=\s*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s&"',;]+)`,
          "gi",
        ),
        (m, key, sep, value: string) => {
          if (keep(value)) return m;
          const quote = /^["']/.test(value) ? value[0] : "";
          return `${key}${sep}${quote}${REDACTED}${quote}`;
        },
      ),
  },
  { kind: "yaml-key-value", apply: redactYamlValues },
];

const YAML_LINE = new RegExp(String.raw`^(\s*(?:-\s+)?)(${SECRET_KEY})(\s*:[ \t]+)(.*?)\s*$`, "i");

/** YAML mappings and HTTP headers, one per line (`password: x`, `X-Api-Key: x`), block scalars too. */
function redactYamlValues(text: string): string {
  const lines = text.split("\n");
  let blockIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0) {
      if (line.trim() !== "" && indent <= blockIndent) blockIndent = -1;
      else {
        if (line.trim() !== "") lines[i] = `${line.slice(0, indent)}${REDACTED}`;
        continue;
      }
    }
    const match = YAML_LINE.exec(line);
    if (!match) continue;
    const [, head = "", key = "", sep = "", value = ""] = match;
    if (/^[|>][-+0-9]*$/.test(value)) {
      blockIndent = indent;
      continue;
    }
    const bare = value.replace(/\s+#.*$/, "");
    if (!keep(bare)) lines[i] = `${head}${key}${sep}${REDACTED}`;
  }
  return lines.join("\n");
}

/** The text with every credential it recognises replaced by `[REDACTED]`; idempotent. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of RULES) out = rule.apply(out);
  return out;
}

/** The rules' names, in the order they run (for tests and documentation). */
export const REDACTION_KINDS = RULES.map((r) => r.kind);
