// One line saying what a docs PR run did (or would do), for the CLI and the /export page.
import { countChanges } from "./file-diff.js";
import type { PullRequestOutcome } from "./pull-request.js";

export function describeOutcome(o: PullRequestOutcome): string {
  const n = countChanges(o.changes);
  const files = `${n} file${n === 1 ? "" : "s"}`;
  const commit = o.commit?.slice(0, 7) ?? "";
  if (o.kind === "opened")
    return `opened pull request #${o.pull?.number} from ${o.head} into ${o.base}: ${o.pull?.url} (commit ${commit}, ${files})`;
  if (o.kind === "updated")
    return `updated pull request #${o.pull?.number} with one commit (${commit}, ${files}): ${o.pull?.url}`;
  if (o.kind === "unchanged")
    return o.pull
      ? `no changes: pull request #${o.pull.number} is up to date; no commit made (${o.pull.url})`
      : `no changes: ${o.upstream}@${o.base} already has these pages; no commit made`;
  const where = o.pull
    ? `add one commit to pull request #${o.pull.number}`
    : `open a pull request from ${o.head} into ${o.base}`;
  return `dry run: would commit ${files} and ${where}; nothing was written`;
}
