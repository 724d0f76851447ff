// Realistic random values for catalog placeholders. Wrapped causes and enumerations are drawn once
// per format: the pipeline keeps them in the signature on purpose (a different cause is a different
// problem), so varying them would measure a design choice, not masking.
export type Rand = () => number;

export function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], rand: Rand): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}

const pick = <T>(xs: readonly T[], rand: Rand): T => xs[Math.floor(rand() * xs.length)] as T;
const int = (lo: number, hi: number, rand: Rand) => lo + Math.floor(rand() * (hi - lo + 1));

const BASES = [
  "iris",
  "mnist",
  "income",
  "tfsimple1",
  "sklearn-iris",
  "cifar10",
  "resnet50",
  "sentiment",
  "fraud-detector",
  "llm-chat",
  "xgboost-model",
  "mlserver",
  "triton",
  "churn",
  "embeddings",
  "tfsimples",
];
const ERRORS = [
  "dial tcp {ip}: connect: connection refused",
  "rpc error: code = Unavailable desc = connection error",
  "context deadline exceeded",
  "EOF",
  "open {path}: no such file or directory",
  "kafka: client has run out of available brokers to talk to",
  "x509: certificate signed by unknown authority",
];
const ENUMS = [
  "ERROR",
  "NOT_RUNNING",
  "PENDING_SHUTDOWN",
  "Unavailable",
  "inputs",
  "LoadModel",
  "text-generation",
];

// Digit-free values (`iris`, `prod`, `models`) are the hard case: no mask sees them, only
// corpus evidence says they vary.
let digitFree = false;
export function useDigitFreeNames(on: boolean): void {
  digitFree = on;
}
const PLAIN_BASES = BASES.filter((b) => !/\d/.test(b));
const NAMESPACES = ["seldon-mesh", "default", "ml-prod", "team-a"];
const PLAIN_NAMESPACES = ["seldon", "default", "prod", "staging", "models"];

function name(rand: Rand): string {
  if (digitFree) return pick(PLAIN_BASES, rand);
  const base = pick(BASES, rand);
  const r = rand();
  if (r < 0.4) return base;
  if (r < 0.7) return `${base}-${int(1, 99, rand)}`;
  return `${base}-v${int(1, 9, rand)}`;
}

const ip = (rand: Rand) =>
  `10.${int(0, 255, rand)}.${int(0, 255, rand)}.${int(1, 254, rand)}:${int(1024, 65535, rand)}`;
const path = (rand: Rand) => `/mnt/agent/models/${name(rand)}/${int(1, 9, rand)}`;

function errorFor(format: number, rand: Rand): string {
  const tpl = ERRORS[format % ERRORS.length] ?? "EOF";
  return tpl.replace("{ip}", ip(rand)).replace("{path}", path(rand));
}

// Chooses a value from the placeholder expression and the words just before it.
function valueFor(expr: string, before: string, rand: Rand, format: number): string {
  const e = expr.toLowerCase();
  if (/status code\s*$|server error:\s*$/i.test(before)) return "503";
  if (/^\s*503\s*$/.test(before.slice(-4))) return "Service Unavailable";
  if (/^%w$|^%v$/.test(expr) && /[:.]\s*$/.test(before)) return errorFor(format, rand);
  if (/\b(e|cause|err|error|msg|reason|e\.message)\b/.test(e) && !/[a-z]_/.test(e))
    return errorFor(format, rand);
  if (/join\(/.test(e))
    return Array.from({ length: int(1, 3, rand) }, () => `input-${int(0, 9, rand)}`).join(", ");
  if (/state|update_type|task\b|field_category|\bcode\b|error_prefix/.test(e))
    return ENUMS[format % ENUMS.length] ?? "ERROR";
  if (/^type\(/.test(e)) return pick(["<class 'xgboost.XGBRegressor'>", "<class 'sklearn.svm.SVR'>"], rand);
  if (/%d|pid|revisits|exit_code|replica|memory/.test(e) || /%d/.test(expr))
    return String(int(0, 70000, rand));
  if (/path|uri|dir|file/.test(e) || /(at|in path|from|to|URI \()\s*$/.test(before)) return path(rand);
  if (/requestid|topic/.test(e)) return `seldon.default.model.${name(rand)}.outputs`;
  if (/retrying in\s*$/.test(before)) return `${int(1, 59, rand)}s`;
  if (/host:\s*$/.test(before)) return `10.${int(0, 255, rand)}.${int(0, 255, rand)}.${int(1, 254, rand)}`;
  if (/namespace\s*$/.test(before)) return pick(digitFree ? PLAIN_NAMESPACES : NAMESPACES, rand);
  return name(rand);
}

const PATTERNS: Record<string, RegExp> = {
  "go-printf": /%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?[a-zA-Z]/g,
  "python-fstring": /\{(?:[^{}]|\{[^{}]*\})*\}/g,
  "kotlin-template": /\$\{(?:[^{}]|\{[^{}]*\})*\}|\$[A-Za-z_]\w*/g,
};

export function fillFormat(
  message: string,
  style: string,
  rand: Rand,
  format: number,
  fixed?: string,
): string {
  const pattern = PATTERNS[style] ?? PATTERNS["go-printf"] ?? /$^/;
  let out = "";
  let last = 0;
  for (const m of message.matchAll(new RegExp(pattern.source, "g"))) {
    const at = m.index ?? 0;
    out += message.slice(last, at);
    out += fixed ?? valueFor(m[0], out.slice(-24), rand, format);
    last = at + m[0].length;
  }
  return (out + message.slice(last)).replace(/%%/g, "%");
}
