// Demand without supply: searches that found nothing good, grouped by the signature of what was
// pasted, so twelve people pasting one error with different pod names are one queue item.
import { extractErrorLines, normalizeMessage, signatureId } from "../signature/index";

export interface LoggedSearch {
  query: string;
  createdAt: string;
}

export interface DemandGroup {
  signatureId: string;
  template: string;
  searchedAt: string[];
  examples: string[];
}

const MAX_LINE = 300;

/** The signature of a pasted text: its best error line, or failing that its first line. */
export function querySignature(text: string): { id: string; template: string } | null {
  const line =
    extractErrorLines(text)[0]?.message ??
    text
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim();
  if (!line) return null;
  const template = normalizeMessage(line.slice(0, MAX_LINE)).template;
  return template === "" ? null : { id: signatureId(template), template };
}

export function groupDemand(searches: LoggedSearch[]): DemandGroup[] {
  const groups = new Map<string, DemandGroup>();
  for (const s of searches) {
    const sig = querySignature(s.query);
    if (!sig) continue;
    const group = groups.get(sig.id) ?? {
      signatureId: sig.id,
      template: sig.template,
      searchedAt: [],
      examples: [],
    };
    group.searchedAt.push(s.createdAt);
    const example = s.query.trim().split("\n")[0]?.slice(0, 200) ?? "";
    if (group.examples.length < 2 && !group.examples.includes(example)) group.examples.push(example);
    groups.set(sig.id, group);
  }
  return [...groups.values()].sort(
    (a, b) => b.searchedAt.length - a.searchedAt.length || a.signatureId.localeCompare(b.signatureId),
  );
}
