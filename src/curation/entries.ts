// Entries as curators make them: promote a cluster into a prefilled draft, edit with optimistic
// concurrency (every save a new version), publish, archive. Each write is one atomic group with its
// version row and its audit entry.
import type { Statement } from "../db/client.js";
import { auditStatement } from "../db/queries/audit.js";
import { listIssuesOfClusters, setClusterStateStatement } from "../db/queries/curation.js";
import {
  getEntry,
  insertEntryStatement,
  insertEntryVersionStatement,
  listEntriesOfClusters,
  listEntryVersions,
  updateEntryStatement,
} from "../db/queries/entries.js";
import type { EntryRow } from "../db/schema.js";
import {
  contentOf,
  type EntryAction,
  type EntryContent,
  editable,
  prefillEntry,
  publishProblems,
  transition,
} from "../domain/entry/index.js";
import { afterCuration } from "./after-change.js";
import type { CurationDeps } from "./deps.js";
import { CurationError, StaleVersionError } from "./errors.js";
import { clusterEvidence, clusterOrThrow, keyOf } from "./evidence.js";
import { randomSecret } from "./hash.js";

export type EntryPatch = Partial<EntryContent>;

export async function entryOrThrow(deps: CurationDeps, id: string): Promise<EntryRow> {
  const entry = await getEntry(deps.database.db, id);
  if (!entry) throw new CurationError("NOT_FOUND", `entry ${id} does not exist`);
  return entry;
}

function versionStatement(deps: CurationDeps, row: EntryRow, actor: string): Statement {
  return insertEntryVersionStatement(deps.database.db, {
    entryId: row.id,
    version: row.version,
    snapshot: { ...contentOf(row), state: row.state },
    editedBy: actor,
    createdAt: row.updatedAt,
  });
}

/** Writes `next` over `before`; a concurrent save (the version row already taken) becomes a StaleVersionError. */
async function save(
  deps: CurationDeps,
  before: EntryRow,
  next: EntryRow,
  audit: { actor: string; action: string; detail?: unknown },
): Promise<EntryRow> {
  const { db } = deps.database;
  const { id: _id, ...set } = next;
  try {
    await deps.database.atomic([
      updateEntryStatement(db, before.id, before.version, set),
      versionStatement(deps, next, audit.actor),
      auditStatement(db, { ...audit, subject: next.id, createdAt: next.updatedAt }),
    ]);
  } catch (error) {
    const current = await getEntry(db, before.id);
    if (current && current.version !== before.version) throw new StaleVersionError(current, before.version);
    throw error;
  }
  await afterCuration(deps);
  return next;
}

async function insertNew(
  deps: CurationDeps,
  row: EntryRow,
  actor: string,
  extra: Statement[],
  audit: { action: string; subject: string; detail: unknown },
) {
  const { db } = deps.database;
  await deps.database.atomic([
    insertEntryStatement(db, row),
    versionStatement(deps, row, actor),
    ...extra,
    auditStatement(db, { actor, ...audit, createdAt: row.createdAt }),
  ]);
  await afterCuration(deps);
  return row;
}

function blankRow(deps: CurationDeps, content: EntryContent, clusterId: string | null): EntryRow {
  const now = deps.clock.now().toISOString();
  return {
    id: `ent_${randomSecret(9)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "x")}`,
    clusterId,
    ...content,
    state: "draft",
    version: 1,
    createdAt: now,
    updatedAt: now,
    publishedAt: null,
    candidateFixes: [],
    reviewReasons: [],
    verifiedAt: null,
    reviewedIssueKeys: [],
  };
}

/** A draft prefilled from the cluster's evidence; a cluster has at most one live entry. */
export async function promoteCluster(
  deps: CurationDeps,
  input: { clusterId: string; actor: string },
): Promise<EntryRow> {
  const { db } = deps.database;
  const cluster = await clusterOrThrow(db, input.clusterId);
  const existing = (await listEntriesOfClusters(db, [cluster.id]))[0];
  if (existing)
    throw new CurationError(
      "CONFLICT",
      `cluster ${cluster.id} already has entry ${existing.id} (${existing.state})`,
    );
  const { evidence } = await clusterEvidence(db, cluster);
  const { candidateFixes, ...content } = prefillEntry(evidence);
  const row = { ...blankRow(deps, content, cluster.id), candidateFixes };
  return insertNew(deps, row, input.actor, [setClusterStateStatement(db, cluster.id, "promoted")], {
    action: "cluster.promote",
    subject: cluster.id,
    detail: { entryId: row.id, candidateFixes: candidateFixes.length },
  });
}

export async function createEntry(
  deps: CurationDeps,
  input: { content: EntryContent; clusterId: string | null; actor: string },
): Promise<EntryRow> {
  if (input.clusterId) await clusterOrThrow(deps.database.db, input.clusterId);
  const row = blankRow(deps, input.content, input.clusterId);
  return insertNew(deps, row, input.actor, [], {
    action: "entry.create",
    subject: row.id,
    detail: { clusterId: input.clusterId },
  });
}

/** Saves an edit made on `expectedVersion`; a newer version on the server refuses it with both texts. */
export async function updateEntry(
  deps: CurationDeps,
  input: { id: string; expectedVersion: number; patch: EntryPatch; actor: string },
): Promise<EntryRow> {
  const before = await entryOrThrow(deps, input.id);
  if (before.version !== input.expectedVersion) throw new StaleVersionError(before, input.expectedVersion);
  if (!editable(before.state))
    throw new CurationError("CONFLICT", `entry ${before.id} is archived; it cannot be edited`);
  const changed = Object.keys(input.patch).filter(
    (k) =>
      JSON.stringify(input.patch[k as keyof EntryPatch]) !== JSON.stringify(before[k as keyof EntryPatch]),
  );
  if (changed.length === 0) return before;
  const next: EntryRow = {
    ...before,
    ...input.patch,
    version: before.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  return save(deps, before, next, {
    actor: input.actor,
    action: "entry.update",
    detail: { version: next.version, fields: changed },
  });
}

async function act(deps: CurationDeps, id: string, action: EntryAction, expectedVersion?: number) {
  const before = await entryOrThrow(deps, id);
  if (expectedVersion !== undefined && before.version !== expectedVersion)
    throw new StaleVersionError(before, expectedVersion);
  const step = transition(before.state, action);
  if (!step.ok) throw new CurationError("CONFLICT", step.problem);
  return { before, to: step.to, now: deps.clock.now().toISOString() };
}

/** Publishing needs a cause and a resolution; it also records what the curator verified against. */
export async function publishEntry(
  deps: CurationDeps,
  input: { id: string; actor: string; expectedVersion?: number },
): Promise<EntryRow> {
  const { before, to, now } = await act(deps, input.id, "publish", input.expectedVersion);
  const problems = publishProblems(before);
  if (problems.length > 0)
    throw new CurationError("UNPROCESSABLE", `cannot publish yet: ${problems.join("; ")}`);
  const members = before.clusterId ? await listIssuesOfClusters(deps.database.db, [before.clusterId]) : [];
  const next: EntryRow = {
    ...before,
    state: to,
    version: before.version + 1,
    updatedAt: now,
    publishedAt: before.publishedAt ?? now,
    verifiedAt: now,
    reviewReasons: [],
    reviewedIssueKeys: members.map(keyOf),
  };
  const action = before.state === "needs-review" ? "entry.reverify" : "entry.publish";
  return save(deps, before, next, {
    actor: input.actor,
    action,
    detail: { version: next.version, resolved: before.reviewReasons },
  });
}

export async function archiveEntry(
  deps: CurationDeps,
  input: { id: string; actor: string; reason?: string },
): Promise<EntryRow> {
  const { before, to, now } = await act(deps, input.id, "archive");
  const next: EntryRow = { ...before, state: to, version: before.version + 1, updatedAt: now };
  return save(deps, before, next, {
    actor: input.actor,
    action: "entry.archive",
    detail: { version: next.version, reason: input.reason ?? "" },
  });
}

export async function entryVersions(deps: CurationDeps, id: string) {
  await entryOrThrow(deps, id);
  return listEntryVersions(deps.database.db, id);
}
