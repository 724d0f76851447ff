import { describe, expect, it } from "vitest";
import { chunkedParts, inJson, selectInChunks, writeInBatches } from "../../src/db/chunked.js";
import type { Statement } from "../../src/db/client.js";
import { openD1Database } from "../../src/db/d1-client.js";
import { D1_LIMITS, DbLimitError, splitUtf8, utf8Bytes } from "../../src/db/limits.js";
import { CallMeter } from "../../src/db/meter.js";
import { insertPlanIssuesStatements } from "../../src/db/queries/cluster-plan.js";
import { storedIssueVersions, upsertIssueStatements } from "../../src/db/queries/ingest.js";
import { clusterPlanIssues, issues } from "../../src/db/schema.js";
import { SqliteD1 } from "../../src/db/sqlite-d1.js";
import { issueRow } from "./query-contract.js";

type Fake = { toSQL(): { sql: string; params: unknown[] } };
const compiled = (s: unknown) => (s as Fake).toSQL();

function onStandIn() {
  const standIn = new SqliteD1();
  return { standIn, database: openD1Database(standIn.binding) };
}

describe("statements built within D1's limits", () => {
  it("keeps every multi-row upsert within 100 bound parameters and stores every row", async () => {
    const { database } = onStandIn();
    const rows = Array.from({ length: 250 }, (_, i) => issueRow(i + 1));
    const statements = upsertIssueStatements(database.db, rows, database.limits);
    expect(statements.length).toBeGreaterThan(1);
    for (const s of statements) expect(compiled(s).params.length).toBeLessThanOrEqual(100);
    await database.atomic(statements);
    expect(await database.db.select().from(issues)).toHaveLength(250);
    const versions = await storedIssueVersions(
      database.db,
      rows.map((r) => r.id),
      database.limits,
    );
    expect(versions.size).toBe(250);
  });

  it("splits a statement whose SQL text would pass 100,000 bytes", () => {
    const build = (part: number[]): Fake => ({
      toSQL: () => ({ sql: `select ${part.map(() => "'é'".repeat(100)).join(",")}`, params: [] }),
    });
    const parts = chunkedParts(
      Array.from({ length: 1000 }, (_, i) => i),
      D1_LIMITS,
      build,
    );
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(utf8Bytes(compiled(p).sql)).toBeLessThanOrEqual(100_000);
    expect(parts.reduce((n, p) => n + (compiled(p).sql.match(/,/g)?.length ?? 0) + 1, 0)).toBe(1000);
  });

  it("splits rows whose values together would pass 2,000,000 bytes, and refuses one row that alone would", async () => {
    const { database } = onStandIn();
    const body = "€".repeat(200_000); // 600,000 bytes each
    const rows = Array.from({ length: 7 }, (_, i) => issueRow(i + 1, { body }));
    const statements = upsertIssueStatements(database.db, rows, database.limits);
    expect(statements.length).toBeGreaterThanOrEqual(3);
    await database.atomic(statements);
    expect(await database.db.select().from(issues)).toHaveLength(7);
    expect(() => upsertIssueStatements(database.db, [issueRow(9, { body: "x".repeat(2_000_001) })])).toThrow(
      DbLimitError,
    );
  });

  it("writes staged rows as JSON parameters, one per statement, each under the value limit", async () => {
    const { database } = onStandIn();
    const limits = { ...database.limits, maxValueBytes: 20_000 };
    const ties = [{ template: `Model "m" isn't ready: ${"é".repeat(300)}`, weight: 0.5, other: "o/r#1" }];
    const rows = Array.from({ length: 300 }, (_, i) => ({
      issueId: i + 1,
      clusterId: i % 3 === 0 ? null : `cl_${i % 7}`,
      primarySignatureId: `sig_${i}`,
      ties,
      rewriteSignatures: i % 2 === 0,
    }));
    const statements = insertPlanIssuesStatements(database.db, rows, limits);
    expect(statements.length).toBeGreaterThan(5);
    for (const s of statements) {
      const { params } = compiled(s);
      expect(params).toHaveLength(1);
      expect(utf8Bytes(String(params[0]))).toBeLessThanOrEqual(20_000);
    }
    await database.atomic(statements);
    const stored = await database.db.select().from(clusterPlanIssues).orderBy(clusterPlanIssues.issueId);
    expect(stored).toEqual(rows);
  });

  it("reads a list of thousands bound as one JSON parameter in one call, and cuts it by bytes", async () => {
    const { database } = onStandIn();
    await database.atomic(
      upsertIssueStatements(
        database.db,
        Array.from({ length: 300 }, (_, i) => issueRow(i + 1)),
        database.limits,
      ),
    );
    // Ids 1001–6000: the first 300 are stored (issueRow numbers 1–300 as 1001–1300).
    const ids = Array.from({ length: 5_000 }, (_, i) => 1001 + i);
    const read = (part: number[]) =>
      database.db.select({ id: issues.id }).from(issues).where(inJson(issues.id, part));
    const calls = database.meter.calls;
    const rows = await selectInChunks(ids, database.limits, read);
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(ids.slice(0, 300));
    // One query for 5,000 ids (an `IN (?, …)` list takes 50 under D1's 100 parameters).
    expect(database.meter.calls - calls).toBe(1);
    // Past the bytes a statement may bind, the list is cut into parts that each fit.
    const tight = { ...database.limits, maxValueBytes: 4_000 };
    const parts = chunkedParts(ids, tight, read);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      const { params } = compiled(part);
      expect(params).toHaveLength(1);
      expect(utf8Bytes(String(params[0]))).toBeLessThanOrEqual(4_000);
    }
    expect((await selectInChunks(ids, tight, read)).length).toBe(300);
  });

  it("refuses the call past the invocation's cap before the database sees it", () => {
    const meter = new CallMeter(50);
    for (let i = 0; i < 50; i++) meter.charge();
    expect(() => meter.charge()).toThrow(/made 50 database calls, the most it may make \(50\)/);
    expect(meter.remaining()).toBe(0);
  });

  it("writes derived statements in batches of at most maxBatchStatements, one call each", async () => {
    const standIn = new SqliteD1();
    const database = openD1Database(standIn.binding, { limits: { maxBatchStatements: 40 } });
    const statements: Statement[] = Array.from(
      { length: 100 },
      (_, i) => upsertIssueStatements(database.db, [issueRow(i + 1)])[0]!,
    );
    const before = database.meter.calls;
    await writeInBatches(database, statements);
    expect(database.meter.calls - before).toBe(3);
    expect(database.meter.statements).toBeGreaterThanOrEqual(100);
  });

  it("splits text into parts of at most N UTF-8 bytes without breaking a character", () => {
    const text = `${"a".repeat(5)}€😀${"b".repeat(3)}`;
    const parts = splitUtf8(text, 6);
    expect(parts.join("")).toBe(text);
    for (const p of parts) expect(utf8Bytes(p)).toBeLessThanOrEqual(6);
    expect(parts).toContain("😀bb");
  });
});
