import { SEVERITY } from "./parsed";

// Umbrella messages announce that something failed without saying what; the specific error
// elsewhere in the paste must win over them.
const UMBRELLA = [
  /^Some of the models failed to load during startup!?$/i,
  /^Reconciler error$/i,
  /^Exception on \S+ \[\w+\]$/,
  /^(?:an )?(?:error|exception)(?: occurred)?[.!:]?$/i,
  /^Traceback/,
  /^HTTP \d{3}\b/,
];

export function specificity(message: string): number {
  const words = message.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w)).length;
  let score = Math.min(words, 20);
  if (/\b[A-Z]\w*(?:Error|Exception)\b/.test(message)) score += 10;
  if (/rpc error: code = /.test(message)) score += 5;
  score += Math.min((message.match(/: /g) ?? []).length, 3) * 3;
  if (UMBRELLA.some((re) => re.test(message.trim()))) score -= 60;
  return score;
}

export function scoreLine(severity: number, message: string, inCode: boolean): number {
  const capped = Math.min(severity, SEVERITY.error);
  return capped * 100 + specificity(message) + (inCode ? 5 : 0) + (severity > SEVERITY.error ? 10 : 0);
}
