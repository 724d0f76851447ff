import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { limitBroken } from "../../src/db/chunked.js";
import type { Database } from "../../src/db/client.js";
import { openD1Database } from "../../src/db/d1-client.js";
import { D1_LIMITS } from "../../src/db/limits.js";
import { upsertSearchDocsStatements } from "../../src/db/queries/search-docs.js";
import { issues, searchDocs, searchPending } from "../../src/db/schema.js";
import { SqliteD1 } from "../../src/db/sqlite-d1.js";
import { fixedClock } from "../../src/domain/clock.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { memoryLogger } from "../../src/logger.js";
import { createRefreshCoordinator, searchIndexStep } from "../../src/refresh/index.js";
import { createSearchService, refreshIndexSlices, refreshSearchIndex } from "../../src/search/index.js";
import { catchUpSearchIndex, loadSearchIndex } from "../../src/search/index-store.js";
import { memoryLookups } from "../../src/search/memory-lookups.js";
import { runSearch } from "../../src/search/ranking.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import queryFixture from "../fixtures/search-queries.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";
import { makeTestDb } from "../helpers/test-db.js";
import { markPending } from "../refresh/harness.js";

const clock = fixedClock("2026-11-26T12:00:00.000Z");
const later = fixedClock("2026-11-27T12:00:00.000Z");

async function persisted(database: Database) {
  return database.db
    .select({
      docId: searchDocs.docId,
      meta: searchDocs.meta,
      title: searchDocs.title,
      body: searchDocs.body,
    })
    .from(searchDocs)
    .orderBy(asc(searchDocs.docId));
}

function edited(issue: Record<string, unknown>, body: string) {
  return { ...issue, body, updated_at: "2026-11-27T09:00:00Z" };
}

describe("the search index refresh", () => {
  it("goes in slices when told to stop between them, and ends with what one pass writes", async () => {
    const sliced = makeTestDb();
    await seedCorpus(sliced, corpus);
    let cursor: string | null = null;
    let calls = 0;
    for (let done = false; !done; calls++) {
      const outcome = await refreshIndexSlices({ database: sliced, clock }, cursor, () => true);
      cursor = outcome.cursor;
      done = outcome.done;
      if (!done) expect(cursor).not.toBeNull();
    }
    expect(calls).toBeGreaterThan(1);
    const whole = makeTestDb();
    await seedCorpus(whole, corpus);
    const update = await refreshSearchIndex({ database: whole, clock });
    expect(update.added).toBe(corpus.issues.length);
    expect(await persisted(sliced)).toEqual(await persisted(whole));
  });

  it("rewrites only the row of the issue that changed", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    await refreshSearchIndex({ database, clock });
    const target = corpus.issues[5] as Record<string, unknown>;
    await storeGitHubItems(
      database,
      { issues: [edited(target, "RuntimeError: tachyon emitter overheated in worker 3")], comments: [] },
      later.now().toISOString(),
    );
    const update = await refreshSearchIndex({ database, clock: later });
    expect(update).toMatchObject({ added: 0, updated: 1, removed: 0 });
    const rewritten = await database.db
      .select({ docId: searchDocs.docId })
      .from(searchDocs)
      .where(eq(searchDocs.changedAt, later.now().toISOString()));
    expect(rewritten).toEqual([{ docId: `i:${target.id}` }]);
  });

  it("re-indexes a field's full text only when its terms changed, and stays consistent either way", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    await refreshSearchIndex({ database, clock });
    const rows = () =>
      database.db.all<{ t: number; e: number; b: number; k: number }>(
        sql`select (select count(*) from search_title_docsize) t, (select count(*) from search_errors_docsize) e,
               (select count(*) from search_body_docsize) b, (select count(*) from search_keys) k`,
      );
    const integrity = () => {
      for (const table of ["search_title", "search_errors", "search_body"])
        database.db.run(sql.raw(`insert into ${table}(${table}) values ('integrity-check')`));
    };
    const before = await rows();
    // Every issue's document rewritten with the same text (as when its cluster moves): FTS5's
    // 'delete' of an unchanged row would re-tokenize it and write a segment; now no field table is
    // written at all (its segment store, `_data`, stays as it was).
    const segments = async () =>
      database.db.all<{ n: number; top: number }>(
        sql`select count(*) n, max(id) top from search_title_data union all
            select count(*), max(id) from search_errors_data union all
            select count(*), max(id) from search_body_data`,
      );
    const untouched = await segments();
    const docs = await database.db.select().from(searchDocs);
    await database.atomic(
      upsertSearchDocsStatements(
        database.db,
        docs.map((d) => ({ ...d, meta: d.meta ?? "", fingerprint: `${d.fingerprint}+` })),
        later.now().toISOString(),
        database.limits,
      ),
    );
    expect(await segments()).toEqual(untouched);
    integrity();
    // A changed title goes through: the title table is written, and is still consistent.
    const target = corpus.issues[5] as Record<string, unknown>;
    await storeGitHubItems(
      database,
      {
        issues: [{ ...target, title: "Tachyon emitter overheated", updated_at: "2026-11-27T09:00:00Z" }],
        comments: [],
      },
      later.now().toISOString(),
    );
    await refreshSearchIndex({ database, clock: later });
    const [title] = await segments();
    expect(title).not.toEqual(untouched[0]);
    integrity();
    expect(await rows()).toEqual(before);
    const found = await database.db.all<{ id: number }>(
      sql`select rowid id from search_title where search_title match 'tachyon'`,
    );
    expect(found.length).toBe(1);
  });

  it("keeps a document's terms when only its cluster moved, and makes them again when its text changed", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    await refreshSearchIndex({ database, clock });
    const target = corpus.issues[5] as Record<string, unknown>;
    const id = Number(target.id);
    // Stored terms that tokenizing the thread would never give: kept only if nothing re-tokenized it.
    await database.db.run(sql`update search_docs set title = 'sentinelterm' where issue_id = ${id}`);
    const row = async () => {
      const [r] = await database.db
        .select({ title: searchDocs.title, clusterId: searchDocs.clusterId })
        .from(searchDocs)
        .where(eq(searchDocs.issueId, id));
      return r;
    };
    await database.db.run(sql`update issues set cluster_id = 'cl_moved' where id = ${id}`);
    const moved = await refreshSearchIndex({ database, clock: later });
    expect(moved).toMatchObject({ updated: 1 });
    expect(await row()).toEqual({ title: "sentinelterm", clusterId: "cl_moved" });
    await storeGitHubItems(
      database,
      {
        issues: [{ ...target, title: "Tachyon emitter overheated", updated_at: "2026-11-28T09:00:00Z" }],
        comments: [],
      },
      later.now().toISOString(),
    );
    await refreshSearchIndex({ database, clock: later });
    const after = await row();
    expect(after?.title).not.toContain("sentinelterm");
    expect(after?.title).toContain("tachyon");
  });

  it("moves a document whose only change is its cluster in SQL, to what rebuilding it writes", async () => {
    for (const database of [makeTestDb(), openD1Database(new SqliteD1().binding)]) {
      await seedCorpus(database, corpus);
      await refreshSearchIndex({ database, clock });
      const clustered = await database.db
        .select({ id: issues.id, clusterId: issues.clusterId })
        .from(issues)
        .where(sql`${issues.clusterId} is not null`)
        .orderBy(asc(issues.id));
      const [a, b] = [clustered[0], clustered.find((r) => r.clusterId !== clustered[0]?.clusterId)];
      if (!a || !b) throw new Error("the sample corpus has two clusters");
      const doc = async () => {
        const [r] = await database.db
          .select({
            meta: searchDocs.meta,
            clusterId: searchDocs.clusterId,
            keys: searchDocs.keys,
            textHash: searchDocs.textHash,
          })
          .from(searchDocs)
          .where(eq(searchDocs.issueId, a.id));
        return { ...r, meta: JSON.parse(r?.meta ?? "null") };
      };
      const mark = async () =>
        (await database.db.select().from(searchPending).where(eq(searchPending.issueId, a.id)))[0]
          ?.clusterOnly;
      // A text hash no thread gives: rebuilding the document would write the real one.
      await database.db.run(sql`update search_docs set text_hash = 'sentinel' where issue_id = ${a.id}`);
      await database.db.update(issues).set({ clusterId: b.clusterId }).where(eq(issues.id, a.id));
      expect(await mark()).toBe(true);
      expect(await refreshSearchIndex({ database, clock: later })).toMatchObject({ updated: 1 });
      const moved = await doc();
      expect(moved.textHash).toBe("sentinel");
      expect(moved.clusterId).toBe(b.clusterId);
      // The same document rebuilt from the issue as it now is.
      await database.db.run(sql`update search_docs set text_hash = null where issue_id = ${a.id}`);
      await database.db.run(sql`insert into search_pending (issue_id) values (${a.id})`);
      await refreshSearchIndex({ database, clock: later });
      const rebuilt = await doc();
      expect(rebuilt.textHash).not.toBe("sentinel");
      expect({ ...moved, textHash: "" }).toEqual({ ...rebuilt, textHash: "" });
      // The lookups find it under its new cluster (search_key_clusters follows the column).
      const counted = await database.db.all<{ n: number }>(
        sql`select count(*) n from search_key_clusters where cluster_id = ${b.clusterId}
            and key in (select value from json_each('["' || replace(${moved.keys ?? ""}, ' ', '","') || '"]'))`,
      );
      expect(counted[0]?.n).toBe((moved.keys ?? "").split(" ").length);
      // Any other change makes it a rebuild: with the move in the same write, after it, or out of a cluster.
      await database.db
        .update(issues)
        .set({ clusterId: a.clusterId, title: "Moved and renamed" })
        .where(eq(issues.id, a.id));
      expect(await mark()).toBe(false);
      await refreshSearchIndex({ database, clock: later });
      await database.db.update(issues).set({ clusterId: b.clusterId }).where(eq(issues.id, a.id));
      await database.db
        .update(issues)
        .set({ labels: ["bug"] })
        .where(eq(issues.id, a.id));
      expect(await mark()).toBe(false);
      await database.db.update(issues).set({ clusterId: a.clusterId }).where(eq(issues.id, a.id));
      expect(await mark()).toBe(false);
      await refreshSearchIndex({ database, clock: later });
      await database.db.update(issues).set({ clusterId: null }).where(eq(issues.id, a.id));
      expect(await mark()).toBe(false);
      await refreshSearchIndex({ database, clock: later });
      expect((await doc()).keys).toBe("");
    }
  });

  it("moves a merged family in a slice or two, not one per slice's worth of documents", async () => {
    const twins = [makeTestDb(), makeTestDb()];
    for (const database of twins) {
      await seedCorpus(database, corpus);
      await refreshSearchIndex({ database, clock });
    }
    const clustered = await twins[0]!.db
      .select({ id: issues.id, clusterId: issues.clusterId })
      .from(issues)
      .where(sql`${issues.clusterId} is not null`)
      .orderBy(asc(issues.id));
    const target = clustered[0]!.clusterId;
    const movers = clustered.filter((r) => r.clusterId !== target).slice(0, 12);
    const renamed = clustered.filter((r) => r.clusterId === target).slice(0, 3);
    for (const database of twins) {
      for (const r of movers)
        await database.db.update(issues).set({ clusterId: target }).where(eq(issues.id, r.id));
      for (const r of renamed)
        await database.db
          .update(issues)
          .set({ title: `Renamed ${r.id}` })
          .where(eq(issues.id, r.id));
    }
    // Slices of 2 documents to rebuild: 12 moves and 3 rebuilds would take 8 slices a mark each.
    let cursor: string | null = null;
    let slices = 0;
    for (let done = false; !done; ) {
      const outcome = await refreshIndexSlices({ database: twins[0]!, clock: later }, cursor, () => true, 2);
      cursor = outcome.cursor;
      done = outcome.done;
      if (!done && (JSON.parse(cursor ?? "{}") as { phase?: string }).phase !== "issues") continue;
      slices += 1;
    }
    expect(slices).toBeLessThanOrEqual(3);
    await refreshSearchIndex({ database: twins[1]!, clock: later });
    expect(await persisted(twins[0]!)).toEqual(await persisted(twins[1]!));
    const moved = await twins[0]!.db
      .select({ clusterId: searchDocs.clusterId })
      .from(searchDocs)
      .where(
        sql`${searchDocs.issueId} in (select value from json_each(${JSON.stringify(movers.map((r) => r.id))}))`,
      );
    expect(moved.map((r) => r.clusterId)).toEqual(movers.map(() => target));
  });

  it("moves a loaded service by the changed rows: an edit is found, a deleted issue is gone", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    const service = createSearchService({ database, clock, stalenessCheckMs: 0 });
    const removed = corpus.issues[7] as { id: number; title: string };
    const before = await service.search({ text: removed.title, limit: 10 });
    expect(JSON.stringify(before.results)).toContain(removed.title);
    const target = corpus.issues[5] as Record<string, unknown>;
    await storeGitHubItems(
      database,
      { issues: [edited(target, "RuntimeError: tachyon emitter overheated in worker 3")], comments: [] },
      later.now().toISOString(),
    );
    await database.db.delete(issues).where(eq(issues.id, removed.id));
    await refreshSearchIndex({ database, clock: later });
    const found = await service.search({ text: "tachyon emitter overheated", limit: 3 });
    const [row] = await database.db
      .select({ clusterId: issues.clusterId })
      .from(issues)
      .where(eq(issues.id, Number(target.id)));
    expect(found.results[0]?.why.some((w) => w.terms.includes("tachyon"))).toBe(true);
    if (row?.clusterId) expect(found.results[0]?.clusterId).toBe(row.clusterId);
    else expect(found.results[0]?.issues.map((i) => i.number)).toContain(target.number);
    const after = await service.search({ text: removed.title, limit: 10 });
    expect(after.results.flatMap((r) => r.issues.map((i) => i.number))).not.toContain(
      (removed as unknown as { number: number }).number,
    );
  });

  it("pauses the search-index step when the invocation's D1 calls run out and resumes it in the next", async () => {
    const standIn = new SqliteD1();
    const seeding = openD1Database(standIn.binding);
    await seedCorpus(seeding, corpus);
    await markPending(seeding);
    const statuses: string[] = [];
    const calls: boolean[] = [];
    for (let i = 0; i < 40 && (statuses.at(-1) ?? "paused") === "paused"; i++) {
      standIn.beginInvocation();
      const database = openD1Database(standIn.binding, { limits: { maxCallsPerInvocation: 40 } });
      const refresh = createRefreshCoordinator({
        database,
        clock,
        logger: memoryLogger(),
        steps: [searchIndexStep({ sliceIssues: 25 })],
        budget: { maxCalls: 40 },
      });
      const outcome = await refresh.drain("cron");
      statuses.push(outcome.status);
      calls.push(...outcome.steps.map((s) => s.done));
      expect(database.meter.calls).toBeLessThanOrEqual(40);
    }
    expect(statuses.at(-1)).toBe("idle");
    expect(statuses.filter((s) => s === "paused").length).toBeGreaterThan(1);
    expect(calls.filter((done) => !done).length).toBeGreaterThan(1);
    const reference = makeTestDb();
    await seedCorpus(reference, corpus);
    await refreshSearchIndex({ database: reference, clock });
    expect((await persisted(openD1Database(standIn.binding))).map((r) => r.docId)).toEqual(
      (await persisted(reference)).map((r) => r.docId),
    );
  });

  it("moves a loaded index in place after a few changes, answering every query as a fresh load does", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    await refreshSearchIndex({ database, clock });
    const loaded = await loadSearchIndex(database);
    if (!loaded) throw new Error("no index");
    const all = corpus.issues as Record<string, unknown>[];
    // Three threads now paste another family's error (one moves cluster), one is deleted.
    const edits = [10, 40, 90].map((i, n) => edited(all[i] ?? {}, String(all[i + 100 + n]?.body ?? "")));
    await seedCorpus(
      database,
      { issues: [...corpus.issues, ...edits], comments: corpus.comments },
      later.now().toISOString(),
    );
    await database.db.delete(issues).where(eq(issues.id, Number(all[7]?.id)));
    await refreshSearchIndex({ database, clock: later });
    const how = await catchUpSearchIndex(database, loaded);
    const fresh = await loadSearchIndex(database);
    if (!fresh) throw new Error("no index");
    const { queries } = queryFixture as { queries: { text?: string }[] };
    for (const q of queries.filter((q) => q.text)) {
      const request = { text: q.text ?? "", limit: 5 };
      expect(await runSearch(memoryLookups(loaded), request)).toEqual(
        await runSearch(memoryLookups(fresh), request),
      );
    }
    expect(["incremental", "rebuilt"]).toContain(how);
  });

  it("updates the lookups in place when only thread text changed", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    await refreshSearchIndex({ database, clock });
    const loaded = await loadSearchIndex(database);
    if (!loaded) throw new Error("no index");
    const target = corpus.issues[5] as Record<string, unknown>;
    await storeGitHubItems(
      database,
      { issues: [edited(target, `${String(target.body)}\nStill happens on 1.4.0.`)], comments: [] },
      later.now().toISOString(),
    );
    await refreshSearchIndex({ database, clock: later });
    expect(await catchUpSearchIndex(database, loaded)).toBe("incremental");
    const fresh = await loadSearchIndex(database);
    if (!fresh) throw new Error("no index");
    const request = { text: String(target.title), limit: 5 };
    expect(await runSearch(memoryLookups(loaded), request)).toEqual(
      await runSearch(memoryLookups(fresh), request),
    );
  });

  it("marks a thread pending by its own comments, not those of the same number in another repo", async () => {
    const database = makeTestDb();
    const issue = (repo: string, id: number) => ({
      id,
      number: 1,
      title: `issue in ${repo}`,
      body: "body",
      state: "open",
      labels: [],
      html_url: `https://github.com/${repo}/issues/1`,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
    });
    const comment = {
      id: 77,
      issue_url: "https://api.github.com/repos/SeldonIO/MLServer/issues/1",
      html_url: "https://github.com/SeldonIO/MLServer/issues/1#issuecomment-77",
      body: "same here",
      user: { login: "someone" },
      author_association: "NONE",
      created_at: "2026-01-02T00:00:00Z",
      updated_at: "2026-01-02T00:00:00Z",
    };
    await storeGitHubItems(
      database,
      { issues: [issue("SeldonIO/MLServer", 501), issue("SeldonIO/seldon-core", 502)], comments: [] },
      clock.now().toISOString(),
    );
    await refreshSearchIndex({ database, clock });
    expect(await database.db.select().from(searchPending)).toEqual([]);
    await storeGitHubItems(database, { issues: [], comments: [comment] }, later.now().toISOString());
    const marked = await database.db.select({ issueId: searchPending.issueId }).from(searchPending);
    expect(marked).toEqual([{ issueId: 501 }]);
    const update = await refreshSearchIndex({ database, clock: later });
    expect(update).toMatchObject({ added: 0, updated: 1, removed: 0 });
    const [doc] = await database.db
      .select({ body: searchDocs.body })
      .from(searchDocs)
      .where(eq(searchDocs.issueId, 501));
    expect(doc?.body).toContain("same");
  });

  it("keeps every row write within D1's limits, however long the threads", async () => {
    const database = makeTestDb();
    const big = "x".repeat(40_000);
    const docs = Array.from({ length: 120 }, (_, i) => ({
      docId: `i:${i}`,
      issueId: i,
      meta: "{}",
      fingerprint: "f",
      title: `title ${i}`,
      errors: "",
      body: `${big} ${i}`,
      clusterId: "c1",
      repo: "o/r",
      number: i,
      keys: "f_0123456789abcdef w_0123456789abcdef",
    }));
    const statements = upsertSearchDocsStatements(database.db, docs, clock.now().toISOString(), D1_LIMITS);
    expect(statements.length).toBeGreaterThan(2);
    for (const s of statements) expect(limitBroken(s, D1_LIMITS)).toBeNull();
  });
});
