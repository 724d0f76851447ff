import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import { startBudget } from "../refresh/budget.js";
import type { RefreshStep, StepContext } from "../refresh/types.js";
import { extractStep } from "./extract-step.js";
import { LINK_STEP, linkStep, type ReclusterSummary } from "./link-step.js";
import type { ReclusterOptions } from "./recluster-options.js";
import { writeStep } from "./write-step.js";

export { EXTRACT_STEP } from "./extract-step.js";
export { LINK_STEP, type ReclusterSummary } from "./link-step.js";
export { issueKey, type ReclusterOptions } from "./recluster-options.js";
export { WRITE_STEP } from "./write-step.js";

/**
 * The re-cluster as three bounded, resumable refresh steps: `extract` (changed issues' evidence
 * into the cache, a page at a time), `link` (the whole corpus from cached evidence; stages what
 * changed), `write` (applies the staged changes in slices). Curator rules are applied by the domain
 * function after linking, so they survive every run; ids stay stable through the stored assignment.
 */
export function reclusterSteps(options: ReclusterOptions = {}): RefreshStep[] {
  return [extractStep(options), linkStep(options), writeStep(options)];
}

const quiet = { info() {}, warn() {}, error() {} };

/**
 * The three steps run to completion here, without the refresh runner (tools, tests, benches):
 * re-extracts only what changed and writes back only what changed. Equal to a run from scratch.
 */
export async function recluster(
  deps: { database: Database; clock: Clock },
  options: ReclusterOptions = {},
): Promise<ReclusterSummary> {
  const { database } = deps;
  const unbounded = {
    maxCalls: Number.POSITIVE_INFINITY,
    reserveCalls: 0,
    maxWallMs: Number.POSITIVE_INFINITY,
    maxCpuMs: Number.POSITIVE_INFINITY,
  };
  const ctx: StepContext = { ...deps, logger: quiet, budget: startBudget(database.meter, unbounded) };
  let summary: ReclusterSummary = { issues: 0, changedIssues: 0, clusters: 0, removedClusters: 0 };
  for (const step of reclusterSteps(options)) {
    let cursor: string | null = null;
    for (;;) {
      const result = await step.run(ctx, cursor);
      if (step.name === LINK_STEP && result.summary) summary = result.summary as unknown as ReclusterSummary;
      if (result.done) break;
      cursor = result.cursor;
    }
  }
  return summary;
}

export function formatReclusterSummary(s: ReclusterSummary): string {
  return `clustered ${s.issues} issues: ${s.clusters} clusters, ${s.changedIssues} issues changed, ${s.removedClusters} clusters removed`;
}
