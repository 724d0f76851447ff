import { eq, isNotNull } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recluster } from "../../src/clustering/recluster.js";
import { mergeClusters, RuleError, splitCluster } from "../../src/clustering/rules.js";
import type { Database } from "../../src/db/client.js";
import { markRefreshPendingStatement } from "../../src/db/queries/refresh.js";
import { clusterRules, clusters, issueEvidence, issues } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { makeTestDb } from "../helpers/test-db.js";
import { clusteringState, issueItem, type Model, newModel, storeItems } from "./edit-corpus.js";
import { lines, textOf } from "./link-pool.js";

const clock = fixedClock("2026-12-01T06:00:00Z");

const edit = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), lines }),
  fc.record({ kind: fc.constant("edit" as const), issue: fc.nat(), lines }),
  fc.record({ kind: fc.constant("merge" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("split" as const), issue: fc.nat(), bySignature: fc.boolean() }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

async function clusterOf(database: Database) {
  const { byIssue } = await clusteringState(database);
  return Object.entries(byIssue).filter(([, i]) => i.clusterId !== null);
}

/** The same edit on a database: an issue stored, or a curator rule written. */
async function apply(database: Database, model: Model, e: Edit): Promise<void> {
  const numbers = [...model.issues.keys()];
  if (e.kind === "add" || e.kind === "edit") {
    const number = e.kind === "add" ? numbers.length + 1 : numbers[e.issue % numbers.length]!;
    return storeItems(database, model, {
      issues: [issueItem(model, number, `Report ${number}`, textOf(e.lines))],
    });
  }
  const clustered = await clusterOf(database);
  const deps = { database, clock };
  if (e.kind === "merge") {
    const a = clustered[e.a % Math.max(1, clustered.length)]?.[1].clusterId;
    const b = clustered[e.b % Math.max(1, clustered.length)]?.[1].clusterId;
    if (!a || !b || a === b) return;
    await mergeClusters(deps, { clusterIds: [a, b], actor: "test", reason: "same problem" });
  } else {
    const picked = clustered[e.issue % Math.max(1, clustered.length)];
    if (!picked?.[1].clusterId) return;
    // A signature the cluster is not named by is refused; the edit is then a no-op.
    const refused = await splitCluster(deps, {
      clusterId: picked[1].clusterId,
      ...(e.bySignature && picked[1].primary
        ? { signatureIds: [picked[1].primary] }
        : { issueKeys: [picked[0]] }),
      actor: "test",
      reason: "different",
    }).then(
      () => false,
      (err: unknown) => err instanceof RuleError,
    );
    if (refused) return;
  }
  await database.atomic([markRefreshPendingStatement(database.db, clock.now().toISOString())]);
}

/** A rule's id is random: the other database gets the very rows written to the first. */
async function copyRules(from: Database, to: Database) {
  const rows = await from.db.select().from(clusterRules);
  await to.atomic([
    to.db.delete(clusterRules),
    ...(rows.length > 0 ? [to.db.insert(clusterRules).values(rows)] : []),
    markRefreshPendingStatement(to.db, clock.now().toISOString()),
  ]);
}

async function seeded(starts: number[][]) {
  const database = makeTestDb();
  const model = newModel();
  await storeItems(database, model, {
    issues: starts.map((l, i) => issueItem(model, i + 1, `Report ${i + 1}`, textOf(l))),
  });
  return { database, model };
}

// Edits without curator rules: new and edited reports only, as most webhooks are.
const reportEdit = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), lines }),
  fc.record({ kind: fc.constant("edit" as const), issue: fc.nat(), lines }),
);

/**
 * Runs random edits on two databases, one relinking locally and one linking it all, requiring the
 * same state after every refresh; counts the refreshes that relinked locally and those that joined
 * clusters (src/clustering/join-link.ts) without relinking them.
 */
async function localEqualsFull(edits: fc.Arbitrary<Edit>) {
  const counts = { local: 0, joined: 0 };
  await fc.assert(
    fc.asyncProperty(
      fc.array(lines, { minLength: 8, maxLength: 24 }),
      fc.array(edits, { minLength: 1, maxLength: 8 }),
      async (starts, list) => {
        // The same data and edits in two databases: one relinks locally, the other links it all.
        const local = await seeded(starts);
        const whole = await seeded(starts);
        await recluster({ database: local.database, clock });
        await recluster({ database: whole.database, clock }, { link: "full" });
        for (const e of list) {
          await apply(local.database, local.model, e);
          if (e.kind === "add" || e.kind === "edit") await apply(whole.database, whole.model, e);
          else await copyRules(local.database, whole.database);
          const summary = (await recluster({ database: local.database, clock })) as { linked?: string };
          await recluster({ database: whole.database, clock }, { link: "full" });
          if (summary.linked !== "all") counts.local += 1;
          if (summary.linked?.startsWith("joined")) counts.joined += 1;
          expect(await clusteringState(local.database)).toEqual(await clusteringState(whole.database));
        }
      },
    ),
    { numRuns: Number(process.env.RUNS ?? 30) },
  );
  return counts;
}

describe("local relink", () => {
  it("gives, after any edits, exactly what linking the whole corpus gives (groups, ids, ties, names)", async () => {
    const counts = await localEqualsFull(edit);
    expect(counts.local).toBeGreaterThan(30);
  }, 240_000);

  it("joins clusters without relinking them after most new and edited reports, and stays exact", async () => {
    const counts = await localEqualsFull(reportEdit);
    expect(counts.joined).toBeGreaterThan(30);
  }, 240_000);

  it("joins a new report that becomes its family's first lead, every member's link moving to it", async () => {
    // Five reports of one error and three of another; then a sixth report of the first error whose
    // key sorts before them all (#10 before #4): it leads the error's features now, and each member
    // links to it instead of to #4. Those links are lost, but their issues stay connected through
    // #10, so no cluster can have come apart and the join needs no relink of the family.
    const starts = [[5], [5], [5], [11], [11], [11], [11], [11]];
    const local = await seeded(starts);
    const whole = await seeded(starts);
    await recluster({ database: local.database, clock });
    await recluster({ database: whole.database, clock }, { link: "full" });
    for (const { database, model } of [local, whole])
      await storeItems(database, model, { issues: [issueItem(model, 10, "Report 10", textOf([11]))] });
    const summary = (await recluster({ database: local.database, clock })) as { linked?: string };
    await recluster({ database: whole.database, clock }, { link: "full" });
    expect(summary.linked).toMatch(/^joined/);
    const state = await clusteringState(local.database);
    expect(state).toEqual(await clusteringState(whole.database));
    const clusterOf = (n: number) => state.byIssue[`SeldonIO/seldon-core#${n}`]?.clusterId;
    expect(clusterOf(10)).toBe(clusterOf(4));
    expect(clusterOf(10)).not.toBe(clusterOf(1));
  });

  it("links the whole corpus again when a stored assignment is one no link could give", async () => {
    // Three ways a stored assignment can be wrong (a bug, a hand edit of the database): a member of
    // a cluster row that is gone, a clusterable issue in no cluster, an unclusterable one in one.
    const corruptions: ((database: Database) => Promise<void>)[] = [
      async ({ db }) => {
        const [member] = await db.select().from(issues).where(isNotNull(issues.clusterId)).limit(1);
        await db.delete(clusters).where(eq(clusters.id, member!.clusterId!));
      },
      async ({ db }) => {
        const [member] = await db.select().from(issues).where(isNotNull(issues.clusterId)).limit(1);
        await db.update(issues).set({ clusterId: null }).where(eq(issues.id, member!.id));
      },
      async ({ db }) => {
        const [question] = await db
          .select({ id: issues.id })
          .from(issues)
          .innerJoin(issueEvidence, eq(issueEvidence.issueId, issues.id))
          .where(eq(issueEvidence.clusterable, false));
        const [some] = await db.select().from(clusters).limit(1);
        await db.update(issues).set({ clusterId: some!.id }).where(eq(issues.id, question!.id));
      },
    ];
    // Reports of a few errors, and a question without one (never in a cluster).
    const starts = [...Array.from({ length: 14 }, (_, i) => [i % 5, (i * 3) % 7]), []];
    for (const corrupt of corruptions) {
      const { database } = await seeded(starts);
      await recluster({ database, clock });
      const good = await clusteringState(database);
      await corrupt(database);
      const summary = (await recluster({ database, clock })) as { linked?: string; reason?: string };
      expect(summary).toMatchObject({ linked: "all", reason: "stored assignments need repair" });
      expect(await clusteringState(database)).toEqual(good);
      const again = (await recluster({ database, clock })) as { skipped?: boolean };
      expect(again.skipped).toBe(true);
    }
  });
});
