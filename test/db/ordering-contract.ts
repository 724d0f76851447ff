// Out-of-order GitHub data: run by the Node project on better-sqlite3 and the workers project on D1.
import { expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { upsertCommentStatements, upsertIssueStatements } from "../../src/db/queries/ingest.js";
import { deleteCommentStatements } from "../../src/db/queries/webhook.js";
import { comments, issues } from "../../src/db/schema.js";
import { issueRow } from "./query-contract.js";

const T1 = "2024-03-01T10:00:00Z";
const T2 = "2024-03-01T11:00:00Z";
const T3 = "2024-03-01T12:00:00Z";
const DELETED_AT = "2024-03-02T00:00:00Z";

function commentRow(updatedAt: string, body: string) {
  return {
    id: 77,
    repoKey: "seldonio/seldon-core",
    issueNumber: 1,
    body,
    htmlUrl: "https://github.com/SeldonIO/seldon-core/issues/1#issuecomment-77",
    createdAt: T1,
    updatedAt,
  };
}

export function orderingContract(open: () => Promise<Database> | Database): void {
  const storeComment = (database: Database, updatedAt: string, body: string) =>
    database.atomic(upsertCommentStatements(database.db, [commentRow(updatedAt, body)], database.limits));
  const deleteComment = (database: Database, updatedAt: string) =>
    database.atomic(deleteCommentStatements(database.db, { id: 77, updatedAt, deletedAt: DELETED_AT }));
  const storedComment = async (database: Database) => (await database.db.select().from(comments))[0];

  it("keeps a newer issue when an older version arrives late, and takes a newer or equal one", async () => {
    const database = await open();
    const { db, limits } = database;
    const store = (updatedAt: string, title: string) =>
      database.atomic(upsertIssueStatements(db, [issueRow(1, { updatedAt, title })], limits));
    await store(T2, "second");
    await store(T1, "first, delivered late");
    expect((await db.select().from(issues))[0]).toMatchObject({ title: "second", updatedAt: T2 });
    await store(T2, "second, redelivered");
    expect((await db.select().from(issues))[0]?.title).toBe("second, redelivered");
    await store(T3, "third");
    expect((await db.select().from(issues))[0]).toMatchObject({ title: "third", updatedAt: T3 });
  });

  it("compares timestamps as instants, not as text", async () => {
    const database = await open();
    const { db, limits } = database;
    await database.atomic(
      upsertIssueStatements(
        db,
        [issueRow(1, { updatedAt: "2024-03-01T10:00:00.500Z", title: "later" })],
        limits,
      ),
    );
    // As text "…:00Z" sorts after "…:00.500Z"; as a moment it is half a second earlier.
    await database.atomic(
      upsertIssueStatements(db, [issueRow(1, { updatedAt: T1, title: "earlier" })], limits),
    );
    expect((await db.select().from(issues))[0]?.title).toBe("later");
  });

  it("keeps a newer comment when an older version arrives late", async () => {
    const database = await open();
    await storeComment(database, T2, "edited");
    await storeComment(database, T1, "original, delivered late");
    expect(await storedComment(database)).toMatchObject({ body: "edited", updatedAt: T2 });
  });

  it("does not bring a deleted comment back when its create or edit arrives after the deletion", async () => {
    const database = await open();
    await storeComment(database, T1, "original");
    await deleteComment(database, T2);
    expect(await storedComment(database)).toBeUndefined();
    await storeComment(database, T1, "original, delivered late");
    await storeComment(database, T2, "last edit, delivered late");
    expect(await storedComment(database)).toBeUndefined();
  });

  it("records a deletion that arrives before the comment was ever stored", async () => {
    const database = await open();
    await deleteComment(database, T2);
    await storeComment(database, T2, "created, delivered after its deletion");
    expect(await storedComment(database)).toBeUndefined();
  });

  it("does not delete a comment stored at a newer version than the deletion event carries", async () => {
    const database = await open();
    await storeComment(database, T3, "newer than the deletion event");
    await deleteComment(database, T2);
    expect(await storedComment(database)).toMatchObject({ body: "newer than the deletion event" });
    // …and the tombstone left behind does not remove it on the next store either.
    await storeComment(database, T3, "newer than the deletion event");
    expect(await storedComment(database)).toMatchObject({ updatedAt: T3 });
  });

  it("lets a version newer than the deletion through, and applies a repeated deletion once", async () => {
    const database = await open();
    await deleteComment(database, T2);
    await deleteComment(database, T2);
    await deleteComment(database, T1);
    await storeComment(database, T3, "edited after the deletion event's version");
    expect(await storedComment(database)).toMatchObject({ updatedAt: T3 });
    await deleteComment(database, T3);
    expect(await storedComment(database)).toBeUndefined();
  });
}
