import { contentSeverity, levelSeverity, type ParsedLine, SEVERITY } from "./parsed";

const LEVEL = "(TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERROR|ERR|CRITICAL|FATAL|PANIC|SEVERE)";
const TS = "(?:\\d{4}[-/]\\d{2}[-/]\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|\\s?[+-]\\d{2}:?\\d{2})?)";

interface PrefixRule {
  format: string;
  pattern: RegExp;
  level: number;
  message: number;
}

// Each rule names which capture holds the level and which the message, so one loop parses all.
const PREFIX_RULES: PrefixRule[] = [
  // logrus's text formatter on a terminal: `WARN[0345] message key=value` (kfctl, Core 2 CLIs).
  {
    format: "logrus-text",
    pattern: /^(TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)\[[^\]]*\]\s+(.*)$/,
    level: 1,
    message: 2,
  },
  // tornado's LogFormatter: `[E 201209 10:40:11 web:1793] message` (KServe explainers, Jupyter).
  { format: "tornado", pattern: /^\[([DIWEC]) \d{6} [\d:.]+ [\w.]+:\d+\]\s*(.*)$/, level: 1, message: 2 },
  // A level inside a bracketed header: `[2024-05-23:07:08:57:ERROR] message`.
  {
    format: "bracket-level",
    pattern: new RegExp(`^\\[[^\\]]*?[:\\s|]${LEVEL}\\]\\s*(.*)$`),
    level: 1,
    message: 2,
  },
  { format: "klog", pattern: /^([IWEF])\d{4}\s+[\d:.]+\s+\d+\s+[\w.-]+:\d+\]\s?(.*)$/, level: 1, message: 2 },
  {
    format: "gunicorn",
    pattern: new RegExp(`^\\[[^\\]]+\\]\\s+\\[\\d+\\]\\s+\\[${LEVEL}\\]\\s+(.*)$`),
    level: 1,
    message: 2,
  },
  {
    format: "python-logging",
    pattern: new RegExp(`^(?:${TS}\\s+)?(?:\\[[\\w.-]+\\]\\s+)?${LEVEL}\\s+-\\s+(.*)$`),
    level: 1,
    message: 2,
  },
  {
    format: "python-logging",
    pattern: new RegExp(`^.*?\\s-\\s[\\w.]+:[\\w]+:\\d+\\s-\\s${LEVEL}:\\s+(.*)$`),
    level: 1,
    message: 2,
  },
  { format: "python-logging", pattern: new RegExp(`^${LEVEL}:[\\w.]+:(.*)$`), level: 1, message: 2 },
  {
    format: "java",
    pattern: new RegExp(
      `^${TS}\\s+${LEVEL}\\s+(?:\\d+\\s+---\\s+)?(?:\\[[^\\]]*\\]\\s+)?(?:[\\w.$]+\\s+:\\s+)?(.*)$`,
    ),
    level: 1,
    message: 2,
  },
  {
    format: "rclone",
    pattern: new RegExp(
      `^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?\\s+(?:${LEVEL}\\s*:\\s*)?(.*)$`,
    ),
    level: 1,
    message: 2,
  },
  {
    format: "level-prefix",
    pattern: new RegExp(`^(?:${TS}\\s+)?\\[?${LEVEL}\\]?(?::|\\s)\\s*(.*)$`),
    level: 1,
    message: 2,
  },
];

const UVICORN_ACCESS = /^INFO:\s+[\d.:[\]a-f]+\s+-\s+"(\w+) ([^"\s]+) HTTP\/[\d.]+"\s+(\d{3})\s*(.*)$/;

function parseUvicorn(line: string): ParsedLine | null {
  const m = UVICORN_ACCESS.exec(line);
  if (!m) return null;
  const status = Number(m[3]);
  const severity = status >= 500 ? SEVERITY.warning : status >= 400 ? SEVERITY.hint : SEVERITY.context;
  return { message: `${m[1]} ${m[2]} ${m[3]} ${m[4] ?? ""}`.trim(), format: "uvicorn", severity };
}

export function parsePrefixed(line: string): ParsedLine | null {
  const uvicorn = parseUvicorn(line);
  if (uvicorn) return uvicorn;
  for (const rule of PREFIX_RULES) {
    const m = rule.pattern.exec(line);
    if (!m) continue;
    const level = m[rule.level];
    const message = (m[rule.message] ?? "").trim();
    const severity = level ? levelSeverity(level) : contentSeverity(message);
    return { message, format: rule.format, severity };
  }
  return null;
}
