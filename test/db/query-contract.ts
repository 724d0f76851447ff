// The query layer's contract, run by the Node project on better-sqlite3 and by the workers project on D1.
import { expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import {
  getSyncState,
  saveRepoStatement,
  saveSyncStateStatement,
  storedIssueVersions,
  upsertCommentStatement,
  upsertIssueStatement,
  upsertIssueStatements,
} from "../../src/db/queries/ingest.js";
import { listIssues } from "../../src/db/queries/issues.js";
import { issues } from "../../src/db/schema.js";

export function issueRow(
  number: number,
  overrides: Partial<Parameters<typeof upsertIssueStatement>[1]> = {},
) {
  return {
    id: 1000 + number,
    repo: "SeldonIO/seldon-core",
    repoKey: "seldonio/seldon-core",
    number,
    title: `Issue ${number}`,
    body: "body",
    state: "open" as const,
    htmlUrl: `https://github.com/SeldonIO/seldon-core/issues/${number}`,
    createdAt: "2024-01-01T00:00:00Z",
    updatedAt: "2024-01-02T00:00:00Z",
    ...overrides,
  };
}

export function queryContract(open: () => Promise<Database> | Database): void {
  it("upserts issues idempotently, keyed on the GitHub id", async () => {
    const database = await open();
    const { db } = database;
    await database.atomic([upsertIssueStatement(db, issueRow(1)), upsertIssueStatement(db, issueRow(2))]);
    await database.atomic([
      upsertIssueStatement(db, issueRow(1, { title: "Edited", updatedAt: "2024-02-01T00:00:00Z" })),
    ]);
    const rows = await db.select().from(issues);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.number === 1)?.title).toBe("Edited");
    expect(await storedIssueVersions(db, [1001, 1002, 9999])).toEqual(
      new Map([
        [1001, "2024-02-01T00:00:00Z"],
        [1002, "2024-01-02T00:00:00Z"],
      ]),
    );
  });

  it("upserts a whole page within the driver's bound-parameter limit, keeping clustering's columns", async () => {
    const database = await open();
    const { db } = database;
    const page = Array.from({ length: 30 }, (_, i) => issueRow(i + 1));
    await database.atomic(upsertIssueStatements(db, page, database.limits));
    await database.db.update(issues).set({ clusterId: "cl_keep" });
    const edited = page.map((row) => ({ ...row, title: `${row.title}!`, updatedAt: "2024-05-01T00:00:00Z" }));
    await database.atomic(upsertIssueStatements(db, edited, database.limits));
    const rows = await db.select().from(issues);
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.title.endsWith("!") && r.clusterId === "cl_keep" && r.needsAnalysis)).toBe(
      true,
    );
  });

  it("writes nothing of an atomic group when one statement fails", async () => {
    const database = await open();
    const { db } = database;
    const broken = upsertCommentStatement(db, {
      id: 1,
      repoKey: "seldonio/seldon-core",
      issueNumber: 1,
      htmlUrl: "x",
      createdAt: "2024-01-01T00:00:00Z",
      updatedAt: null as unknown as string, // violates NOT NULL
    });
    await expect(database.atomic([upsertIssueStatement(db, issueRow(3)), broken])).rejects.toThrow();
    expect(await db.select().from(issues)).toHaveLength(0);
  });

  it("keeps one cursor per repo and endpoint", async () => {
    const database = await open();
    const { db } = database;
    const row = {
      repoKey: "seldonio/mlserver",
      endpoint: "issues" as const,
      since: "2024-01-01T00:00:00Z",
      page: 1,
      etag: null,
      updatedAt: "2024-03-01T00:00:00Z",
    };
    await database.atomic([saveSyncStateStatement(db, row)]);
    await database.atomic([saveSyncStateStatement(db, { ...row, etag: 'W/"abc"', page: 2 })]);
    expect(await getSyncState(db, "seldonio/mlserver", "issues")).toMatchObject({ etag: 'W/"abc"', page: 2 });
    expect(await getSyncState(db, "seldonio/mlserver", "comments")).toBeUndefined();
  });

  it("pages issues by (repo, number) with comment counts", async () => {
    const database = await open();
    const { db } = database;
    await database.atomic([
      saveRepoStatement(db, "seldonio/seldon-core", "SeldonIO/seldon-core", null),
      ...[5, 1, 3].map((n) => upsertIssueStatement(db, issueRow(n))),
      upsertCommentStatement(db, {
        id: 7,
        repoKey: "seldonio/seldon-core",
        issueNumber: 3,
        htmlUrl: "https://github.com/SeldonIO/seldon-core/issues/3#issuecomment-7",
        createdAt: "2024-01-03T00:00:00Z",
        updatedAt: "2024-01-03T00:00:00Z",
      }),
    ]);
    const first = await listIssues(db, { limit: 2 });
    expect(first.map((r) => r.number)).toEqual([1, 3]);
    expect(Number(first[1]?.commentCount)).toBe(1);
    const second = await listIssues(db, { limit: 2, after: { repoKey: "seldonio/seldon-core", number: 3 } });
    expect(second.map((r) => r.number)).toEqual([5]);
  });
}
