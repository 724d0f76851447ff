// `kb export`: the markdown files on disk (--out), the upstream docs pull request (--pr), or a
// curator's choice of docs for one entry (--set-target).
import { parseArgs } from "node:util";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { entryExists, recordExportAudit, setEntryExportTarget } from "../db/queries/export.js";
import type { Clock } from "../domain/clock.js";
import { DOCS_TARGET_KEYS, type DocsTargetKey } from "../domain/export/types.js";
import { ExportError } from "../export/export-error.js";
import { describeOutcome } from "../export/outcome-text.js";
import { runDocsPullRequest } from "../export/pull-request.js";
import { exportToDirectory } from "../export/write-files.js";
import { createGitHubClient } from "../github/client.js";

export class ExportUsageError extends Error {
  override name = "ExportUsageError";
}

interface Io {
  config: Config;
  database: Database;
  clock: Clock;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

function targetOf(value: string | undefined): DocsTargetKey | undefined {
  if (value === undefined) return undefined;
  if (!(DOCS_TARGET_KEYS as readonly string[]).includes(value))
    throw new ExportUsageError(`--target must be one of ${DOCS_TARGET_KEYS.join(", ")} (got "${value}")`);
  return value as DocsTargetKey;
}

async function runPullRequest(io: Io, values: Record<string, string | boolean | undefined>): Promise<void> {
  const upstream = values.upstream;
  if (typeof upstream !== "string" || !/^[\w.-]+\/[\w.-]+$/.test(upstream))
    throw new ExportUsageError("export --pr needs --upstream OWNER/REPO");
  if (!io.config.GITHUB_TOKEN)
    throw new ExportError(
      "NO_TOKEN",
      "GITHUB_TOKEN is not set: a docs pull request needs a token with the public_repo scope",
    );
  const client = createGitHubClient({
    baseUrl: io.config.GITHUB_API_URL,
    token: io.config.GITHUB_TOKEN,
    onRateLimitExhausted: values.wait ? "wait" : "stop",
    log: (line) => io.stderr.write(`${line}\n`),
  });
  const outcome = await runDocsPullRequest(
    { octokit: client.octokit, database: io.database, log: (line) => io.stderr.write(`${line}\n`) },
    {
      upstream,
      base: typeof values.base === "string" ? values.base : undefined,
      target: targetOf(values.target as string | undefined),
      dryRun: values["dry-run"] === true,
    },
  );
  if (outcome.kind === "dry-run") {
    io.stdout.write(outcome.diff || "(no file changes)\n");
    io.stdout.write(`\n--- pull request ---\ntitle: ${outcome.title}\n\n${outcome.body}\n`);
  }
  io.stdout.write(`${describeOutcome(outcome)}\n`);
  if (outcome.kind === "opened" || outcome.kind === "updated") {
    await recordExportAudit(io.database.db, {
      actor: "cli",
      action: `export.pr.${outcome.kind}`,
      subject: `${outcome.upstream}#${outcome.pull?.number}`,
      detail: { commit: outcome.commit, changes: outcome.changes, head: outcome.head },
      at: io.clock.now().toISOString(),
    });
  }
}

async function setTarget(io: Io, assignment: string): Promise<void> {
  const [entryId = "", value = ""] = assignment.split("=", 2);
  const target = value === "auto" ? null : targetOf(value);
  if (!entryId || target === undefined)
    throw new ExportUsageError("--set-target needs ENTRY_ID=core-v2|core-v1|mlserver|auto");
  if (!(await entryExists(io.database.db, entryId)))
    throw new ExportError("UNKNOWN_ENTRY", `no entry ${entryId}`);
  const at = io.clock.now().toISOString();
  await setEntryExportTarget(io.database.db, { entryId, target, setBy: "cli", at });
  await recordExportAudit(io.database.db, {
    actor: "cli",
    action: "export.target",
    subject: entryId,
    detail: { target },
    at,
  });
  io.stdout.write(
    `${entryId}: ${target ? `exported to ${target}` : "target chosen from its components and versions"}\n`,
  );
}

export async function runExportCommand(io: Io, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string" },
      target: { type: "string" },
      pr: { type: "boolean", default: false },
      upstream: { type: "string" },
      base: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      wait: { type: "boolean", default: false },
      "set-target": { type: "string" },
    },
  });
  if (values["set-target"] !== undefined) return setTarget(io, values["set-target"]);
  if (values.pr) return runPullRequest(io, values);
  if (!values.out)
    throw new ExportUsageError("export needs --out DIR, --pr --upstream OWNER/REPO, or --set-target");
  const written = await exportToDirectory(io.database, { dir: values.out, target: targetOf(values.target) });
  if (written.length === 0) io.stdout.write("no published entries to export\n");
  for (const w of written)
    io.stdout.write(
      `${w.target}: wrote ${w.written} file${w.written === 1 ? "" : "s"} to ${w.root} (${w.unchanged} unchanged, ${w.removed.length} removed)\n`,
    );
}
