import { asc } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recluster, reclusterSteps } from "../../src/clustering/recluster.js";
import { mergeClusters, RuleError, splitCluster } from "../../src/clustering/rules.js";
import type { Database } from "../../src/db/client.js";
import { listRules } from "../../src/db/queries/clusters.js";
import { markRefreshPendingStatement } from "../../src/db/queries/refresh.js";
import { clusters, issues } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { type ClusterRule, clusterIssues, type IssueDoc } from "../../src/domain/cluster/index.js";
import { createRefreshCoordinator } from "../../src/refresh/coordinator.js";
import { makeTestDb } from "../helpers/test-db.js";
import {
  clusteringState,
  commentItem,
  copyInto,
  issueItem,
  type Model,
  newModel,
  storeItems,
} from "./edit-corpus.js";
import { lines, textOf } from "./link-pool.js";

// The full link reads the database in pages and links feature by feature (src/clustering/
// paged-link.ts); the domain's `clusterIssues` links every issue's evidence at once. They must give
// the same clusters, ids, names, primary signatures and ties, whatever the page sizes, with curator
// rules, and with previous ids to keep.

const clock = fixedClock("2026-12-01T06:00:00Z");
const REPO = "SeldonIO/seldon-core";

const report = fc.record({ body: lines, comment: fc.option(lines, { nil: undefined }) });
const rule = fc.record({ merge: fc.boolean(), a: fc.nat(), b: fc.nat(), bySignature: fc.boolean() });

function store(database: Database, model: Model, number: number, r: { body: number[]; comment?: number[] }) {
  return storeItems(database, model, {
    issues: [issueItem(model, number, `Report ${number}`, textOf(r.body))],
    comments: r.comment ? [commentItem(model, number, textOf(r.comment))] : [],
  });
}

async function clustered(database: Database) {
  const rows = await database.db.select().from(issues).orderBy(asc(issues.id));
  return rows.filter((r) => r.clusterId !== null);
}

/** A merge of two clusters or a split of one issue (or its signature) out of its cluster. */
async function applyRule(
  database: Database,
  r: { merge: boolean; a: number; b: number; bySignature: boolean },
) {
  const list = await clustered(database);
  if (list.length === 0) return;
  const deps = { database, clock };
  const a = list[r.a % list.length];
  const b = list[r.b % list.length];
  if (!a?.clusterId || !b?.clusterId) return;
  const done = r.merge
    ? a.clusterId === b.clusterId
      ? Promise.resolve()
      : mergeClusters(deps, { clusterIds: [a.clusterId, b.clusterId], actor: "test", reason: "same" })
    : splitCluster(deps, {
        clusterId: a.clusterId,
        ...(r.bySignature && a.primarySignatureId
          ? { signatureIds: [a.primarySignatureId] }
          : { issueKeys: [`${a.repo}#${a.number}`] }),
        actor: "test",
        reason: "different",
      });
  await done.catch((err: unknown) => {
    if (!(err instanceof RuleError)) throw err;
  });
}

function docsOf(model: Model): IssueDoc[] {
  return [...model.issues.values()].map((i) => ({
    key: `${REPO}#${i.number}`,
    title: String(i.title),
    body: String(i.body),
    comments: [...model.comments.values()]
      .filter((c) => String(c.issue_url).endsWith(`/issues/${i.number}`))
      .sort((x, y) => Number(x.id) - Number(y.id))
      .map((c) => String(c.body)),
    isPullRequest: false,
  }));
}

describe("paged full link", () => {
  it("links exactly as the domain links every issue at once, whatever the page sizes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(report, { minLength: 4, maxLength: 30 }),
        fc.array(rule, { maxLength: 3 }),
        fc.array(fc.record({ issue: fc.nat(), to: report }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 11 }),
        async (reports, rules, edits, linkPage, sweepPage) => {
          const database = makeTestDb();
          const model = newModel();
          for (const [i, r] of reports.entries()) await store(database, model, i + 1, r);
          const pages = { link: "full" as const, linkPage, sweepPage };
          await recluster({ database, clock }, pages);
          for (const r of rules) await applyRule(database, r);
          for (const e of edits) await store(database, model, (e.issue % reports.length) + 1, e.to);
          await database.atomic([markRefreshPendingStatement(database.db, clock.now().toISOString())]);

          const before = await database.db.select().from(issues);
          const previous = new Map(
            before.flatMap((r) => (r.clusterId ? [[`${r.repo}#${r.number}`, r.clusterId] as const] : [])),
          );
          const stored: ClusterRule[] = (await listRules(database.db)).map((r) => ({
            id: r.id,
            kind: r.kind,
            signatureIds: r.signatureIds,
            issueKeys: r.issueKeys,
            targetClusterId: r.targetClusterId ?? undefined,
          }));
          const want = clusterIssues(docsOf(model), stored, previous);

          await recluster({ database, clock }, pages);
          const rows = await database.db.select().from(issues);
          const got = new Map(rows.map((r) => [`${r.repo}#${r.number}`, r]));
          for (const a of want.assignments) {
            const row = got.get(a.key);
            expect({
              key: a.key,
              cluster: row?.clusterId,
              primary: row?.primarySignatureId,
              ties: row?.clusterTies,
            }).toEqual({
              key: a.key,
              cluster: a.clusterId,
              primary: a.primary?.id ?? null,
              ties: a.ties,
            });
          }
          const storedClusters = await database.db.select().from(clusters).orderBy(asc(clusters.id));
          expect(
            storedClusters.map((c) => ({
              id: c.id,
              template: c.template,
              signatureIds: c.signatureIds,
              n: c.issueCount,
            })),
          ).toEqual(
            want.clusters.map((c) => ({
              id: c.id,
              template: c.template,
              signatureIds: c.signatureIds,
              n: c.memberKeys.length,
            })),
          );
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 40) },
    );
  }, 240_000);

  it("waits for a fresh invocation when the calls it needs are not left, and then links once", async () => {
    const database = makeTestDb();
    const model = newModel();
    for (let i = 1; i <= 24; i++) await store(database, model, i, { body: [i % 5, (i * 7) % 40] });
    const quiet = { info() {}, warn() {}, error() {} };
    // Pages of one issue and one posting make the full link need more calls than extracting two
    // issues at a time leaves of an invocation's 200, but fewer than a fresh invocation has.
    const coordinator = createRefreshCoordinator({
      database,
      clock,
      logger: quiet,
      steps: reclusterSteps({ extractPage: 2, linkPage: 1, sweepPage: 1, writeSlice: 50 }),
      budget: { maxCalls: 200 },
    });
    const outcomes = [];
    for (let n = 0; n < 20; n++) {
      const outcome = await coordinator.drain("test", { account: false });
      outcomes.push(outcome);
      if (outcome.status === "idle") break;
    }
    const deferred = outcomes.findIndex((o) => /link waits for a fresh invocation/.test(o.stoppedBy ?? ""));
    expect(deferred).toBeGreaterThanOrEqual(0);
    // The next invocation starts with the link and finishes it, whatever its calls.
    const next = outcomes[deferred + 1];
    expect(next?.steps[0]).toMatchObject({ step: "link", done: true });
    expect(outcomes.at(-1)?.status).toBe("idle");
    const scratch = makeTestDb();
    await copyInto(scratch, database, model);
    await recluster({ database: scratch, clock });
    expect(await clusteringState(database)).toEqual(await clusteringState(scratch));
  }, 60_000);
});
