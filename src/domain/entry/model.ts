// The structured troubleshooting entry and its life cycle: draft → published → needs-review → archived.

export const ENTRY_STATES = ["draft", "published", "needs-review", "archived"] as const;
export type EntryState = (typeof ENTRY_STATES)[number];
/**
 * States anyone may read, and that go upstream: an entry flagged for review is still the best
 * answer known until a curator archives it, so a staleness flag never deletes its docs page.
 */
export const PUBLIC_STATES: EntryState[] = ["published", "needs-review"];

/** What a curator writes; everything else on an entry (state, version, times) is bookkeeping. */
export interface EntryContent {
  title: string;
  symptom: string;
  errorSignatures: string[];
  cause: string;
  resolution: string;
  affectedVersions: string[];
  components: string[];
  sourceIssues: string[];
}

export const TEXT_FIELDS = ["title", "symptom", "cause", "resolution"] as const;
export const LIST_FIELDS = ["errorSignatures", "affectedVersions", "components", "sourceIssues"] as const;
export type EntryField = (typeof TEXT_FIELDS)[number] | (typeof LIST_FIELDS)[number];

export interface CandidateFix {
  text: string;
  url: string;
  author: string;
  why: string;
}

export function contentOf(entry: EntryContent): EntryContent {
  return {
    title: entry.title,
    symptom: entry.symptom,
    errorSignatures: [...entry.errorSignatures],
    cause: entry.cause,
    resolution: entry.resolution,
    affectedVersions: [...entry.affectedVersions],
    components: [...entry.components],
    sourceIssues: [...entry.sourceIssues],
  };
}

/** What stops an entry from being published, in words a curator can act on; empty when it may be. */
export function publishProblems(entry: EntryContent): string[] {
  const problems: string[] = [];
  if (entry.title.trim() === "") problems.push("the title is empty");
  if (entry.cause.trim() === "") problems.push("the cause is empty: say why the error happens");
  if (entry.resolution.trim() === "") problems.push("the resolution is empty: say how to fix it");
  return problems;
}

export type EntryAction = "publish" | "archive" | "flag" | "restore";

const ALLOWED: Record<EntryAction, readonly EntryState[]> = {
  // Publishing a needs-review entry is the curator re-verifying it.
  publish: ["draft", "needs-review"],
  archive: ["draft", "published", "needs-review"],
  // Only the staleness review flags entries, and only published ones.
  flag: ["published"],
  restore: ["archived"],
};

const RESULT: Record<EntryAction, EntryState> = {
  publish: "published",
  archive: "archived",
  flag: "needs-review",
  restore: "draft",
};

/** The state an action leads to, or why it cannot be taken from `from`. */
export function transition(
  from: EntryState,
  action: EntryAction,
): { ok: true; to: EntryState } | { ok: false; problem: string } {
  if (ALLOWED[action].includes(from)) return { ok: true, to: RESULT[action] };
  return { ok: false, problem: `cannot ${action} an entry that is ${from}` };
}

/** Archived entries are kept for history but no longer edited in place (restore them first). */
export function editable(state: EntryState): boolean {
  return state !== "archived";
}
