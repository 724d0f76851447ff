import { and, eq, lte, or, sql } from "drizzle-orm";
import type { Db, Statement } from "../client.js";
import { leases, type RefreshStateRow, refreshState } from "../schema.js";

/** The one refresh job today: re-cluster, then re-index. */
export const KNOWLEDGE_JOB = "knowledge";

/**
 * Marks the knowledge base as needing a refresh. Goes in the same atomic group as the data write
 * that needs it, so a write is never committed without its marker (and a crash after the commit
 * still leaves the refresh pending).
 */
export function markRefreshPendingStatement(db: Db, now: string, job = KNOWLEDGE_JOB): Statement {
  return db
    .insert(refreshState)
    .values({ id: job, generation: 1, requestedAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: refreshState.id,
      set: { generation: sql`${refreshState.generation} + 1`, requestedAt: now, updatedAt: now },
    });
}

export async function loadRefreshState(db: Db, job = KNOWLEDGE_JOB): Promise<RefreshStateRow | undefined> {
  const rows = await db.select().from(refreshState).where(eq(refreshState.id, job));
  return rows[0];
}

/** Starts a job covering everything written up to `generation`, at its first step. */
export async function startRefreshJob(
  db: Db,
  job: string,
  fields: { generation: number; stepName: string; now: string },
): Promise<void> {
  await db
    .update(refreshState)
    .set({
      jobGeneration: fields.generation,
      jobStartedAt: fields.now,
      stepName: fields.stepName,
      stepCursor: null,
      invocations: 1,
      failures: 0,
      lastError: null,
      updatedAt: fields.now,
    })
    .where(eq(refreshState.id, job));
}

/** The running job's position after a step call. */
export async function saveRefreshProgress(
  db: Db,
  job: string,
  fields: { stepName: string; cursor: string | null; now: string },
): Promise<void> {
  await db
    .update(refreshState)
    .set({ stepName: fields.stepName, stepCursor: fields.cursor, lastError: null, updatedAt: fields.now })
    .where(eq(refreshState.id, job));
}

/** A new invocation picked the job up where the last one left it. */
export async function countRefreshInvocation(db: Db, job: string, now: string): Promise<void> {
  await db
    .update(refreshState)
    .set({ invocations: sql`${refreshState.invocations} + 1`, updatedAt: now })
    .where(eq(refreshState.id, job));
}

export async function recordRefreshFailure(db: Db, job: string, error: string, now: string): Promise<void> {
  await db
    .update(refreshState)
    .set({ failures: sql`${refreshState.failures} + 1`, lastError: error.slice(0, 2000), updatedAt: now })
    .where(eq(refreshState.id, job));
}

/** The job is done: what it covered is no longer pending; later writes still are. */
export async function completeRefreshJob(
  db: Db,
  job: string,
  generation: number,
  now: string,
): Promise<void> {
  await db
    .update(refreshState)
    .set({
      doneGeneration: sql`max(${refreshState.doneGeneration}, ${generation})`,
      completedAt: now,
      jobGeneration: null,
      jobStartedAt: null,
      stepName: null,
      stepCursor: null,
      updatedAt: now,
    })
    .where(eq(refreshState.id, job));
}

/** Takes the lease when it is free, expired, or already ours; true when we hold it now. */
export async function acquireLease(
  db: Db,
  lease: { name: string; owner: string; now: string; expiresAt: string },
): Promise<boolean> {
  const rows = await db
    .insert(leases)
    .values({ name: lease.name, owner: lease.owner, acquiredAt: lease.now, expiresAt: lease.expiresAt })
    .onConflictDoUpdate({
      target: leases.name,
      set: { owner: lease.owner, acquiredAt: lease.now, expiresAt: lease.expiresAt },
      setWhere: or(lte(leases.expiresAt, lease.now), eq(leases.owner, lease.owner)),
    })
    .returning({ owner: leases.owner });
  return rows.length === 1 && rows[0]?.owner === lease.owner;
}

/** Extends our lease; false when it is no longer ours (it expired and another holder took it). */
export async function renewLease(
  db: Db,
  lease: { name: string; owner: string; now: string; expiresAt: string },
): Promise<boolean> {
  const rows = await db
    .update(leases)
    .set({ expiresAt: lease.expiresAt })
    .where(and(eq(leases.name, lease.name), eq(leases.owner, lease.owner)))
    .returning({ owner: leases.owner });
  return rows.length === 1;
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.delete(leases).where(and(eq(leases.name, name), eq(leases.owner, owner)));
}
