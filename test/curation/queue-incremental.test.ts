import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ignoreCluster, restoreCluster, snoozeCluster } from "../../src/curation/corrections.js";
import { promoteCluster } from "../../src/curation/entries.js";
import { rebuildQueue, requestWholeRescoreIfDue } from "../../src/curation/queue.js";
import type { Database } from "../../src/db/client.js";
import { clusters, comments, issues, queueBasis, queueItems, queuePending } from "../../src/db/schema.js";
import { type Clock, fixedClock } from "../../src/domain/clock.js";
import { createRefreshCoordinator } from "../../src/refresh/coordinator.js";
import { knowledgeSteps } from "../../src/refresh/pipeline.js";
import {
  commentItem,
  deleteComment,
  issueItem,
  type Model,
  newModel,
  storeItems,
  textFor,
} from "../clustering/edit-corpus.js";
import { makeTestDb } from "../helpers/test-db.js";

const clock = fixedClock("2026-11-30T12:00:00Z");
const quiet = { info() {}, warn() {}, error() {} };

const change = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), text: fc.nat(80) }),
  fc.record({ kind: fc.constant("edit" as const), issue: fc.nat(), text: fc.nat(80) }),
  fc.record({ kind: fc.constant("comment" as const), issue: fc.nat(), text: fc.nat(80) }),
  fc.record({ kind: fc.constant("uncomment" as const), comment: fc.nat() }),
  fc.record({ kind: fc.constant("close" as const), issue: fc.nat() }),
  fc.record({ kind: fc.constant("ignore" as const), cluster: fc.nat() }),
  fc.record({ kind: fc.constant("snooze" as const), cluster: fc.nat() }),
  fc.record({ kind: fc.constant("restore" as const), cluster: fc.nat() }),
  fc.record({ kind: fc.constant("promote" as const), cluster: fc.nat() }),
);
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

const pick = <T>(list: T[], n: number): T | undefined => list[n % Math.max(1, list.length)];

async function refresh(database: Database, at: Clock = clock) {
  const coordinator = createRefreshCoordinator({
    database,
    clock: at,
    logger: quiet,
    steps: knowledgeSteps(),
  });
  const runs: Awaited<ReturnType<typeof coordinator.drain>>[] = [];
  for (let n = 0; n < 50; n++) {
    const outcome = await coordinator.drain("test", { account: false });
    runs.push(outcome);
    if (outcome.status === "idle") return runs;
  }
  throw new Error("the refresh did not finish");
}

async function apply(database: Database, model: Model, c: Change): Promise<void> {
  const numbers = [...model.issues.keys()];
  const deps = { database, clock };
  if (c.kind === "add") {
    const number = numbers.length + 1;
    return storeItems(database, model, {
      issues: [issueItem(model, number, `Problem ${number}`, textFor(c.text))],
    });
  }
  if (c.kind === "edit" || c.kind === "close" || c.kind === "comment") {
    const number = pick(numbers, c.issue);
    if (number === undefined) return;
    if (c.kind === "comment")
      return storeItems(database, model, { comments: [commentItem(model, number, textFor(c.text))] });
    const prev = model.issues.get(number)!;
    const body = c.kind === "edit" ? textFor(c.text) : String(prev.body);
    return storeItems(database, model, {
      issues: [
        issueItem(
          model,
          number,
          String(prev.title),
          body,
          c.kind === "close" ? "closed" : String(prev.state),
        ),
      ],
    });
  }
  if (c.kind === "uncomment") {
    const id = pick([...model.comments.keys()], c.comment);
    if (id !== undefined) await deleteComment(database, model, id);
    return;
  }
  const ids = (await database.db.select({ id: clusters.id }).from(clusters)).map((r) => r.id).sort();
  const clusterId = pick(ids, c.cluster);
  if (!clusterId) return;
  const actor = "test";
  // A curator action may be refused (restoring what is not ignored, promoting twice): that is fine.
  await (c.kind === "ignore"
    ? ignoreCluster(deps, { clusterId, reason: "not a bug", actor })
    : c.kind === "snooze"
      ? snoozeCluster(deps, { clusterId, until: "2027-01-01T00:00:00Z", reason: "waiting", actor })
      : c.kind === "restore"
        ? restoreCluster(deps, { clusterId, actor })
        : promoteCluster(deps, { clusterId, actor })
  ).catch(() => undefined);
}

async function seeded(seed: number) {
  const database = makeTestDb();
  const model = newModel();
  const items = Array.from({ length: 12 }, (_, i) =>
    issueItem(model, i + 1, `Problem ${i + 1}`, textFor((i * 13 + seed) % 80)),
  );
  await storeItems(database, model, { issues: items });
  await storeItems(database, model, {
    comments: [1, 3, 5].map((n) => commentItem(model, n, textFor((n * 11 + seed) % 80))),
  });
  await refresh(database);
  return { database, model };
}

const stored = async (database: Database) =>
  (await database.db.select().from(queueItems)).sort((a, b) => a.id.localeCompare(b.id));

describe("incremental review queue", () => {
  it("equals a whole re-score after any sequence of changes and curator actions", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(80),
        fc.array(change, { minLength: 1, maxLength: 8 }),
        async (seed, changes) => {
          const { database, model } = await seeded(seed);
          for (const c of changes) {
            await apply(database, model, c);
            await refresh(database);
          }
          const incremental = await stored(database);
          expect((await database.db.select().from(queuePending)).length).toBe(0);
          const whole = await rebuildQueue({ database, clock }, { whole: true });
          expect(whole.whole).toBe(true);
          expect({ written: whole.written, removed: whole.removed }).toEqual({ written: 0, removed: 0 });
          expect(await stored(database)).toEqual(incremental);
        },
      ),
      { numRuns: 20 },
    );
  }, 240_000);

  it("re-scores only the clusters a change touched, and misses the change when a trigger is gone", async () => {
    const { database, model } = await seeded(7);
    const deps = { database, clock };
    // A comment on another repository's issue of the same number counts for neither.
    const [clustered] = await database.db.select().from(issues).where(sql`cluster_id is not null`).limit(1);
    await database.atomic([
      database.db.insert(comments).values({
        id: 999_999,
        repoKey: "someone/else",
        issueNumber: clustered!.number,
        body: "unrelated",
        htmlUrl: "https://github.com/someone/else/issues/1#issuecomment-999999",
        createdAt: "2026-11-01T00:00:00Z",
        updatedAt: "2026-11-01T00:00:00Z",
      }),
    ]);
    await rebuildQueue(deps, { whole: true });
    // A whole score sets the basis; nothing is marked afterwards.
    expect((await rebuildQueue(deps)).whole).toBe(false);
    const [first] = await stored(database);
    expect(first).toBeDefined();
    // Every cluster item counts its own members' comments (a subquery per member).
    const counted = await database.db.all<{ cluster_id: string; n: number }>(
      sql`select i.cluster_id, count(c.id) n from issues i left join comments c
          on c.repo_key = i.repo_key and c.issue_number = i.number
          where i.cluster_id is not null group by i.cluster_id`,
    );
    const items = await stored(database);
    expect(items.filter((i) => i.kind === "cluster").length).toBeGreaterThan(1);
    for (const item of items.filter((i) => i.kind === "cluster"))
      expect((item.why as { comments: number }).comments).toBe(
        counted.find((c) => c.cluster_id === item.clusterId)?.n ?? 0,
      );
    expect(counted.some((c) => c.n > 0)).toBe(true);

    // A comment on one member marks its cluster alone; its item's comment count moves.
    const issueOf = await database.db.all<{ number: number }>(
      sql`select number from issues where cluster_id = ${first!.clusterId} order by number limit 1`,
    );
    const number = issueOf[0]!.number;
    await storeItems(database, model, { comments: [commentItem(model, number, "Any news on this?")] });
    const marked = (await database.db.select().from(queuePending)).map((r) => r.clusterId);
    expect(marked).toEqual([first!.clusterId]);
    const one = await rebuildQueue(deps);
    expect(one.whole).toBe(false);
    expect(one.written).toBe(1);
    const after = (await stored(database)).find((i) => i.id === first!.id)!;
    expect((after.why as { comments: number }).comments).toBe(
      (first!.why as { comments: number }).comments + 1,
    );

    // Without the comment trigger the incremental score misses the change and a whole one finds it.
    database.db.run(sql`drop trigger queue_pending_comment_insert`);
    await storeItems(database, model, { comments: [commentItem(model, number, "Still broken.")] });
    expect((await rebuildQueue(deps)).written).toBe(0);
    expect((await rebuildQueue(deps, { whole: true })).written).toBe(1);
  }, 60_000);

  it("leaves the hourly whole re-score to housekeeping: a webhook's refresh scores what it touched", async () => {
    const { database, model } = await seeded(7);
    const basis = async () => (await database.db.select().from(queueBasis))[0]!;
    const scoredAt = (await basis()).fullAt;
    let now = Date.parse(scoredAt);
    const later: Clock = { now: () => new Date(now) };
    const deps = { database, clock: later };
    // Half an hour on, nothing is due.
    now += 30 * 60_000;
    expect(await requestWholeRescoreIfDue(deps)).toBe(false);
    // Two hours on, a comment's refresh re-scores only its cluster: the basis keeps its time.
    now += 90 * 60_000;
    const [member] = await database.db.select().from(issues).where(sql`cluster_id is not null`).limit(1);
    await storeItems(database, model, { comments: [commentItem(model, member!.number, "Any news?")] });
    await refresh(database, later);
    expect((await basis()).fullAt).toBe(scoredAt);
    // Housekeeping asks once (the flag and the refresh marker); the refresh it starts scores it all.
    expect(await requestWholeRescoreIfDue(deps)).toBe(true);
    expect(await requestWholeRescoreIfDue(deps)).toBe(false);
    expect((await basis()).wholeRequested).toBe(true);
    const runs = await refresh(database, later);
    expect(runs.reduce((n, r) => n + r.completed, 0)).toBe(1);
    expect(await basis()).toMatchObject({ fullAt: new Date(now).toISOString(), wholeRequested: false });
    expect(await requestWholeRescoreIfDue(deps)).toBe(false);
    // What it stored is what a whole re-score gives.
    const whole = await rebuildQueue(deps, { whole: true });
    expect({ written: whole.written, removed: whole.removed }).toEqual({ written: 0, removed: 0 });
  }, 60_000);
});
