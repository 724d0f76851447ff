// When a published entry needs a curator again, and why, in sentences the queue and the entry page
// show. Pure: the caller reads the entry and its cluster's issues, this decides.
import { formatVersion, newerThanCovered, type ProductVersion } from "../entry/versions";

export interface WatchedIssue {
  key: string;
  state: "open" | "closed";
  stateReason: string | null;
  updatedAt: string;
  versions: ProductVersion[];
}

export interface WatchedEntry {
  state: string;
  affectedVersions: string[];
  sourceIssues: string[];
  reviewedIssueKeys: string[];
  /** When the entry was last published or re-verified. */
  verifiedAt: string | null;
}

export function stalenessReasons(
  entry: WatchedEntry,
  members: WatchedIssue[],
  sources: WatchedIssue[],
): string[] {
  if (entry.state !== "published" || !entry.verifiedAt) return [];
  const since = entry.verifiedAt;
  const reviewed = new Set(entry.reviewedIssueKeys);
  const reasons: string[] = [];
  for (const m of members) {
    if (!reviewed.has(m.key)) reasons.push(`${m.key} joined the cluster after the entry was published`);
  }
  const sourceKeys = new Set(entry.sourceIssues);
  for (const s of sources) {
    if (sourceKeys.has(s.key) && s.state === "open" && s.stateReason === "reopened" && s.updatedAt > since)
      reasons.push(`${s.key} was reopened after the entry was published`);
  }
  const seen = new Set<string>();
  for (const issue of [...members, ...sources]) {
    if (seen.has(issue.key) || issue.updatedAt <= since) continue;
    seen.add(issue.key);
    const newer = newerThanCovered(entry.affectedVersions, issue.versions);
    if (newer.length > 0)
      reasons.push(
        `${issue.key} reports ${newer.map(formatVersion).join(", ")}, newer than the entry covers`,
      );
  }
  return reasons;
}
