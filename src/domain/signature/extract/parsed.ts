// Severity scale shared by every format parser: 0 is context (INFO, stack frames, banners) and is
// never a signature; 1 is an unclassified line; 2 and up are error candidates.
export interface ParsedLine {
  message: string;
  format: string;
  severity: number;
}

export const SEVERITY = { context: 0, plain: 1, hint: 2, warning: 3, error: 4, fatal: 5 } as const;

export function levelSeverity(level: string): number {
  const l = level.toLowerCase();
  if (/^(fatal|panic|critical|crit|emerg|alert|severe|dpanic)/.test(l)) return SEVERITY.fatal;
  if (/^(error|err|e)$/.test(l) || l.startsWith("error")) return SEVERITY.error;
  if (/^(warn|warning|w)$/.test(l)) return SEVERITY.warning;
  // logrus and tornado abbreviate: ERRO, FATA, PANI, WARN; C is tornado's CRITICAL.
  if (/^(erro|c)$/.test(l)) return SEVERITY.error;
  if (/^(fata|pani)$/.test(l)) return SEVERITY.fatal;
  if (/^[0-7]$/.test(l)) return syslogSeverity(Number(l));
  return SEVERITY.context;
}

function syslogSeverity(n: number): number {
  if (n <= 2) return SEVERITY.fatal;
  if (n === 3) return SEVERITY.error;
  if (n === 4) return SEVERITY.warning;
  return SEVERITY.context;
}

// A message logged at INFO can still carry an error word; keep it below real error levels.
export function contentSeverity(message: string): number {
  if (/\b(panic|fatal|OOMKilled|CrashLoopBackOff)\b/i.test(message)) return SEVERITY.error;
  if (ERROR_WORDS.test(message)) return SEVERITY.hint;
  return SEVERITY.plain;
}

// Kubernetes field errors (`Required value`, `Invalid value`, …) and API errors (`no matches for
// kind`, `already exists`) name no failure word, yet each is an error line.
export const ERROR_WORDS =
  /\b(errors?|fail(?:ed|ure|s|ing)?|exception|refused|denied|timed? ?out|timeout|cannot|can't|couldn't|unable|not found|invalid|unavailable|no such|x509|forbidden|unauthori[sz]ed|mismatch|no healthy upstream|upstream connect|(?:Required|Invalid|Unsupported|Duplicate) value|no matches for kind|does not exist|already exists|not supported|unrecognized|unexpected|incompatible|conflicting|uncaught|panic|segmentation fault|killed)\b/i;

// controller-runtime logs every failed reconcile as "Reconciler error"; the error is the message.
const UMBRELLA_MSG = /^(?:Reconciler error|error|failed|an error occurred)$/i;

export function joinMessage(msg: string, error: string | undefined): string {
  if (!error) return msg;
  if (!msg || UMBRELLA_MSG.test(msg.trim())) return error;
  return `${msg}: ${error}`;
}
