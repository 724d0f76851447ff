import type { IssueDoc } from "../cluster/types";
import { extractErrorLines } from "../signature/extract/index";
import { SYMPTOM_ONLY_POD_STATUS } from "../signature/extract/kube";
import { SEVERITY } from "../signature/extract/parsed";
import { normalizeMessage } from "../signature/normalize";
import type { ErrorLine, MaskedValue } from "../signature/types";
import { cutPrefixes, type LineFeature, lineFeatures } from "./features";

/** An error line of an issue with what it contributes to clustering. */
export interface EvidenceLine {
  raw: string;
  message: string;
  template: string;
  masks: MaskedValue[];
  /** 0–1: how much this line speaks for the issue (severity, where it was pasted, rank). */
  quality: number;
  /** Last line of a text: it may have been cut off, so it may match a longer known line. */
  tail: boolean;
  /** For a tail line, what a longer line would start with if this one was cut (see `cutPrefixes`). */
  cutPrefixes: string[];
  /** One of the errors the issue leads with (its best-ranked lines); the others are context. */
  lead: boolean;
  features: LineFeature[];
}

export interface IssueEvidence {
  key: string;
  /** A pull request that shows an error is clustered with it like an issue (often it is the fix). */
  isPullRequest: boolean;
  lines: EvidenceLine[];
  /** Whether the issue reports an error at all (a question that mentions one does not). */
  clusterable: boolean;
}

const MAX_LINES = 12;
const CLUSTERABLE = 0.5;
const TITLE_FACTOR = 0.6;
// Lines within this much of the best line's rank score are what the issue leads with.
const LEAD_GAP = 12;
const MAX_LEAD = 3;
// At most 0.4 < the link threshold: an announcing line (or a symptom beside its cause) never ties
// its issue on its own.
const ANNOUNCER_FACTOR = 0.4;
const TITLE_RANK_PENALTY = 20;

const PERSONAL = /\b(?:I|I'm|I've|I'd|we|we're|my|our|you|your|me|us|please|thanks|hi|hello)\b/i;

// A log line pasted without a fence reads like a machine wrote it: a chain of `: ` clauses led by a
// short context, no person speaking, no question.
function machineMade(message: string): boolean {
  if (PERSONAL.test(message) || /[?.!]\s*$/.test(message)) return false;
  const colon = message.indexOf(": ");
  if (colon > 0) return message.slice(0, colon).split(/\s+/).length <= 8;
  // A bare status line (`404 page not found`) is not a sentence either, nor is a lower-case line
  // that quotes an identifier (`no matches for kind "Deployment" in version "apps/v1"`).
  return message.split(/\s+/).length <= 5 || (/^[a-z]/.test(message) && /["'][\w./-]+["']/.test(message));
}

// Code and log formats speak louder than prose; a sentence that only mentions an error word is
// weak evidence, kept so a very specific shared message can still tie it in.
function baseQuality(line: ErrorLine): number {
  // Only the type of an exception whose message was not pasted: enough to report, not to tie.
  if (line.format === "exception-header") return CLUSTERABLE;
  const structured = line.format !== "text" && line.format !== "prose-span";
  if (line.severity >= SEVERITY.error) return line.inCode || structured ? 1 : 0.8;
  if (line.inCode || structured) return 0.75;
  if (line.format === "prose-span") return PERSONAL.test(line.message) ? 0.35 : 0.7;
  return machineMade(line.message) ? 0.7 : 0.35;
}

// Where a paste may have been cut: the last line of the text and of every code block. Not a title:
// a reporter writes it whole, and a title many reports share would, edited, be the possible start
// of all their lines (each of their cut rows read again, and past a tenth of the corpus a full link).
function tailLines(text: string): Set<string> {
  const tails = new Set<string>();
  let previous = "";
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    if (/^(```|~~~)/.test(line)) {
      if (previous) tails.add(previous);
      previous = "";
      continue;
    }
    previous = line;
  }
  if (previous) tails.add(previous);
  return tails;
}

interface Sourced extends ErrorLine {
  factor: number;
  tail: boolean;
  order: number;
}

function collect(doc: IssueDoc): Sourced[] {
  // A title is the reporter's summary: evidence, but never enough alone to make an error report.
  const parts = [
    { text: doc.title, factor: TITLE_FACTOR, pasted: false },
    { text: doc.body, factor: 1, pasted: true },
    ...doc.comments.map((text) => ({ text, factor: 1, pasted: true })),
  ];
  const best = new Map<string, Sourced>();
  let order = 0;
  for (const part of parts) {
    const tails = tailLines(part.text);
    for (const line of extractErrorLines(part.text, { loose: true })) {
      // A title summarises; the pasted error it summarises ranks ahead of it.
      const score = part.factor < 1 ? line.score - TITLE_RANK_PENALTY : line.score;
      const sourced = {
        ...line,
        score,
        factor: part.factor,
        tail: part.pasted && tails.has(line.raw),
        order: order++,
      };
      // The same message in the title and in a pasted log counts where it speaks loudest.
      const prev = best.get(line.message);
      const loudness = (l: Sourced) => baseQuality(l) * l.factor;
      if (!prev || loudness(sourced) > loudness(prev)) best.set(line.message, sourced);
    }
  }
  // Equal scores keep the order they were pasted in: the first block is what the reporter led with.
  return [...best.values()].sort((a, b) => b.score - a.score || a.order - b.order);
}

/** What an issue shows: its error lines, best first, each with its features and quality. */
export function issueEvidence(doc: IssueDoc): IssueEvidence {
  const lines: EvidenceLine[] = [];
  const all = collect(doc);
  // When the announced exception is visible, the announcing line is context: it stays as a
  // secondary signature but neither leads nor pulls other issues in.
  const hasException = all.some((l) => l.format === "exception");
  const context = (l: Sourced) => hasException && l.announces === true && l.format !== "exception";
  // A pod state every crash ends in (`pod status CrashLoopBackOff`) is what a report shows when it
  // shows nothing else, and then it is what ties such reports; next to a pasted cause (an exit
  // code, a traceback) it is only the symptom of that cause, and must not tie it to other crashes.
  // A row of `kubectl get pods` is one pod's own state: another pod's row beside a crash-looping one
  // (`ImagePullBackOff` two lines down) is a second symptom, not the cause of that crash.
  const symptom = (l: Sourced) => SYMPTOM_ONLY_POD_STATUS.test(l.message);
  const cause = (l: Sourced) =>
    !symptom(l) && l.format !== "kubectl-pod" && l.factor === 1 && baseQuality(l) >= 0.75;
  const hasCause = all.some(cause);
  const muted = (l: Sourced) => (hasCause && symptom(l) ? ANNOUNCER_FACTOR : 1);
  const ranked = [...all.filter((l) => !context(l)), ...all.filter(context)].slice(0, MAX_LINES);
  const top = ranked[0]?.score ?? 0;
  ranked.forEach((line, rank) => {
    const normalized = normalizeMessage(line.message);
    const damp = context(line) ? ANNOUNCER_FACTOR : 1;
    const quality = baseQuality(line) * line.factor * damp * muted(line) * Math.max(0.5, 1 - 0.08 * rank);
    lines.push({
      raw: line.raw,
      message: line.message,
      template: normalized.template,
      masks: normalized.masks,
      quality: Math.round(quality * 1000) / 1000,
      tail: line.tail,
      cutPrefixes: line.tail ? cutPrefixes(normalized.template) : [],
      lead: rank < MAX_LEAD && line.score >= top - LEAD_GAP && !context(line),
      features: lineFeatures(normalized.template),
    });
  });
  const clusterable = lines.some((l) => l.quality >= CLUSTERABLE && l.features.length > 0);
  return { key: doc.key, isPullRequest: doc.isPullRequest, lines, clusterable };
}
