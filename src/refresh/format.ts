import { formatReclusterSummary, LINK_STEP, type ReclusterSummary } from "../clustering/recluster.js";
import type { IndexUpdate } from "../search/index.js";
import type { RefreshOutcome } from "./types.js";

/** One line for a terminal: what the refresh did, or why it did not finish here. */
export function formatRefreshOutcome(outcome: RefreshOutcome): string {
  const parts: string[] = [];
  for (const call of outcome.steps) {
    if (call.step === LINK_STEP && call.summary)
      parts.push(formatReclusterSummary(call.summary as unknown as ReclusterSummary));
    if (call.step === "search-index" && call.summary) {
      const index = call.summary as unknown as IndexUpdate;
      parts.push(
        `search index: ${index.documents} documents (+${index.added} new, ${index.updated} updated, ${index.removed} removed)`,
      );
    }
  }
  const status: Record<RefreshOutcome["status"], string> = {
    idle: parts.length > 0 ? "" : "nothing to refresh",
    paused: `refresh paused (${outcome.stoppedBy ?? "budget"} spent); it resumes on the next run`,
    busy: "another process is refreshing; it will include these changes",
    failed: `refresh failed: ${outcome.error ?? "unknown error"}; it resumes on the next run`,
    lost: "the refresh lease was taken over; the new holder finishes the job",
  };
  if (status[outcome.status]) parts.push(status[outcome.status]);
  return parts.join("; ");
}
