import { extractErrorLines } from "../signature/extract/index";
import { signatureId } from "../signature/hash";
import { TemplateMiner } from "../signature/miner";
import { normalizeMessage } from "../signature/normalize";
import type { ErrorLine } from "../signature/types";
import type { IssueDoc, SignatureInfo } from "./types";

const MAX_SECONDARY = 5;

interface IssueLines {
  key: string;
  lines: ErrorLine[];
}

// Title, body and comments are ranked together: the most severe and specific line wins wherever
// it was pasted. Pull requests never carry a signature (they fix errors, they do not report them).
export function issueErrorLines(doc: IssueDoc): ErrorLine[] {
  if (doc.isPullRequest) return [];
  const parts = [doc.title, doc.body, ...doc.comments];
  const best = new Map<string, ErrorLine>();
  for (const part of parts) {
    for (const line of extractErrorLines(part)) {
      const prev = best.get(line.message);
      if (!prev || line.score > prev.score) best.set(line.message, line);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.message.localeCompare(b.message));
}

export interface IssueSignatures {
  key: string;
  primary: SignatureInfo | null;
  secondary: SignatureInfo[];
}

// Every extracted line of the corpus is mined in one batch, in sorted order, so the result does
// not depend on the order issues arrive in.
export function mineIssueSignatures(docs: readonly IssueDoc[]): IssueSignatures[] {
  const perIssue: IssueLines[] = docs.map((d) => ({ key: d.key, lines: issueErrorLines(d) }));
  const normalized = new Map<string, ReturnType<typeof normalizeMessage>>();
  const all: string[] = [];
  for (const { lines } of perIssue) {
    for (const line of lines) {
      const n = normalized.get(line.message) ?? normalizeMessage(line.message);
      normalized.set(line.message, n);
      all.push(n.template);
    }
  }
  all.sort();
  const mined = new TemplateMiner().mine(all);
  const byTemplate = new Map(all.map((t, i) => [t, mined[i]]));
  const info = (line: ErrorLine): SignatureInfo => {
    const n = normalized.get(line.message) ?? normalizeMessage(line.message);
    const tpl = byTemplate.get(n.template);
    const id = tpl?.id ?? signatureId(n.template);
    const template = tpl?.template ?? n.template;
    return {
      id,
      template,
      sample: line.raw,
      masks: n.masks,
      baseId: signatureId(n.template),
      message: line.message,
    };
  };
  return perIssue.map(({ key, lines }) => {
    const sigs = lines.map(info);
    const primary = sigs[0] ?? null;
    const seen = new Set(primary ? [primary.id] : []);
    const secondary = sigs
      .slice(1)
      .filter((s) => !seen.has(s.id) && seen.add(s.id))
      .slice(0, MAX_SECONDARY);
    return { key, primary, secondary };
  });
}
