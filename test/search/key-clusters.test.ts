import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { MIGRATIONS_FOLDER } from "../../src/db/node-client.js";
import {
  tombstoneSearchDocsStatements,
  upsertSearchDocsStatements,
} from "../../src/db/queries/search-docs.js";
import { moveSearchDocsClusterStatements } from "../../src/db/queries/search-moves.js";
import { issues, searchDocs } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { refreshSearchIndex } from "../../src/search/index.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";
import { makeTestDb } from "../helpers/test-db.js";

const clock = fixedClock("2026-11-26T12:00:00.000Z");
const later = fixedClock("2026-11-27T12:00:00.000Z");
const TRIGGERS = ["search_key_clusters_insert", "search_key_clusters_delete", "search_key_clusters_update"];

type Row = { key: string; clusterId: string; n: number };
const order = (a: Row, b: Row) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : a.clusterId < b.clusterId ? -1 : a.clusterId > b.clusterId ? 1 : 0;

async function stored(database: Database): Promise<Row[]> {
  const rows = (await database.db.all(
    sql`select key, cluster_id as clusterId, n from search_key_clusters`,
  )) as Row[];
  return rows.map((r) => ({ ...r, n: Number(r.n) })).sort(order);
}

/** What the table should hold, counted in JS from the documents themselves. */
async function recount(database: Database): Promise<Row[]> {
  const docs = await database.db
    .select({ keys: searchDocs.keys, clusterId: searchDocs.clusterId })
    .from(searchDocs);
  const counts = new Map<string, Row>();
  for (const d of docs) {
    if (d.clusterId === null) continue;
    for (const key of new Set(d.keys.split(" ").filter(Boolean))) {
      const id = `${key} ${d.clusterId}`;
      const row = counts.get(id) ?? { key, clusterId: d.clusterId, n: 0 };
      row.n += 1;
      counts.set(id, row);
    }
  }
  return [...counts.values()].sort(order);
}

type Op =
  | { kind: "upsert"; doc: number; cluster: string | null; keys: string[] }
  | { kind: "move"; doc: number; cluster: string | null }
  | { kind: "bulk"; docs: number[]; cluster: string }
  | { kind: "tombstone"; doc: number }
  | { kind: "delete"; doc: number };

const KEYS = ["f_00aa", "f_00bb", "f_00cc", "w_00aa", "s_0001", "s_0002"];
const docArb = fc.integer({ min: 1, max: 6 });
const clusterArb = fc.constantFrom<string | null>("c1", "c2", "c3", null);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("upsert" as const),
    doc: docArb,
    cluster: clusterArb,
    keys: fc.subarray(KEYS),
  }),
  fc.record({ kind: fc.constant("move" as const), doc: docArb, cluster: clusterArb }),
  fc.record({
    kind: fc.constant("bulk" as const),
    docs: fc.uniqueArray(docArb, { minLength: 1, maxLength: 6 }),
    cluster: fc.constantFrom("c1", "c2", "c3"),
  }),
  fc.record({ kind: fc.constant("tombstone" as const), doc: docArb }),
  fc.record({ kind: fc.constant("delete" as const), doc: docArb }),
);

// Each op through the query functions the search-index step writes with; deletes and bare cluster
// moves, which no writer makes today, directly.
async function apply(database: Database, op: Op): Promise<void> {
  const { db, limits } = database;
  const docId = `i:${"doc" in op ? op.doc : 0}`;
  const stamp = clock.now().toISOString();
  if (op.kind === "upsert") {
    const write = { docId, issueId: op.doc, meta: "{}", fingerprint: "f", title: "", errors: "", body: "" };
    const doc = { ...write, clusterId: op.cluster, repo: "o/r", number: op.doc, keys: op.keys.join(" ") };
    await database.atomic(upsertSearchDocsStatements(db, [doc], stamp, limits));
  } else if (op.kind === "move") {
    await db.update(searchDocs).set({ clusterId: op.cluster }).where(eq(searchDocs.docId, docId));
  } else if (op.kind === "bulk") {
    // Several issues moved to one cluster, their documents moved set by set as the search-index
    // step moves those whose only change is their cluster.
    for (const id of op.docs)
      await db.run(sql`insert into issues (id, repo, repo_key, number, title, state, html_url, created_at, updated_at, cluster_id)
        values (${id}, 'o/r', 'o/r', ${id}, 't', 'open', 'u', ${stamp}, ${stamp}, ${op.cluster})
        on conflict (id) do update set cluster_id = excluded.cluster_id`);
    await database.atomic(moveSearchDocsClusterStatements(db, op.docs, stamp));
  } else if (op.kind === "tombstone") {
    await database.atomic(tombstoneSearchDocsStatements(db, [docId], stamp, limits));
  } else {
    await db.delete(searchDocs).where(eq(searchDocs.docId, docId));
  }
}

/** Steps after which the table differs from the recount. */
async function mismatches(database: Database, ops: Op[]): Promise<number> {
  let wrong = 0;
  for (const op of ops) {
    await apply(database, op);
    const [have, want] = [await stored(database), await recount(database)];
    if (JSON.stringify(have) !== JSON.stringify(want)) wrong += 1;
  }
  return wrong;
}

// Every trigger has a step to answer for: inserts, a key change, a cluster move, a tombstone, a delete.
const SCRIPT: Op[] = [
  { kind: "upsert", doc: 1, cluster: "c1", keys: ["f_00aa", "f_00bb"] },
  { kind: "upsert", doc: 2, cluster: "c1", keys: ["f_00bb", "s_0001"] },
  { kind: "upsert", doc: 1, cluster: "c1", keys: ["f_00aa", "f_00cc"] },
  { kind: "move", doc: 2, cluster: "c2" },
  { kind: "upsert", doc: 3, cluster: "c1", keys: ["f_00bb"] },
  { kind: "bulk", docs: [1, 2, 3], cluster: "c3" },
  { kind: "tombstone", doc: 1 },
  { kind: "delete", doc: 2 },
];

describe("search_key_clusters", () => {
  it("equals a recount from search_docs after any sequence of inserts, updates, cluster moves, tombstones and deletes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
        const database = makeTestDb();
        try {
          expect(await mismatches(database, ops)).toBe(0);
        } finally {
          database.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it.each(TRIGGERS)("no longer equals the recount when trigger %s is dropped", async (trigger) => {
    const intact = makeTestDb();
    expect(await mismatches(intact, SCRIPT)).toBe(0);
    const broken = makeTestDb();
    await broken.db.run(sql.raw(`drop trigger ${trigger}`));
    expect(await mismatches(broken, SCRIPT)).toBeGreaterThan(0);
    intact.close();
    broken.close();
  });

  it("is filled by its migration from the documents written before it", async () => {
    const database = makeTestDb();
    for (const op of SCRIPT.slice(0, 4)) await apply(database, op);
    const want = await recount(database);
    expect(want.length).toBeGreaterThan(0);
    await database.db.run(sql`delete from search_key_clusters`);
    const migration = readFileSync(join(MIGRATIONS_FOLDER, "0018_search_key_clusters_triggers.sql"), "utf8");
    const backfill = migration.split("--> statement-breakpoint").at(-1) ?? "";
    await database.db.run(sql.raw(backfill));
    expect(await stored(database)).toEqual(want);
    database.close();
  });

  it("follows the search-index refresh as issues are indexed, edited, moved between clusters and deleted", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    await refreshSearchIndex({ database, clock });
    const first = await stored(database);
    expect(first.length).toBeGreaterThan(10);
    expect(first).toEqual(await recount(database));
    const clustered = await database.db
      .select({ id: issues.id, clusterId: issues.clusterId })
      .from(issues)
      .where(sql`${issues.clusterId} is not null`);
    const [a, b] = [clustered[0], clustered.find((r) => r.clusterId !== clustered[0]?.clusterId)];
    if (!a || !b) throw new Error("the sample corpus has two clusters");
    await database.db.update(issues).set({ clusterId: b.clusterId }).where(eq(issues.id, a.id));
    await database.db.delete(issues).where(eq(issues.id, b.id));
    await refreshSearchIndex({ database, clock: later });
    const second = await stored(database);
    expect(second).not.toEqual(first);
    expect(second).toEqual(await recount(database));
    database.close();
  });
});
