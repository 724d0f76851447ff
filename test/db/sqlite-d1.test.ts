import { describe, expect, it } from "vitest";
import { openD1Database } from "../../src/db/d1-client.js";
import { findLimitError } from "../../src/db/limits.js";
import { issues } from "../../src/db/schema.js";
import { SqliteD1 } from "../../src/db/sqlite-d1.js";
import { d1Contract } from "./d1-contract.js";
import { queryContract } from "./query-contract.js";

describe("the D1 stand-in over better-sqlite3", () => {
  d1Contract(() => new SqliteD1().binding);
});

describe("query layer on the D1 stand-in", () => {
  queryContract(() => openD1Database(new SqliteD1().binding));
});

describe("calls per invocation on the D1 stand-in", () => {
  it("refuses the call past the cap with D1's message, and counts again from a new invocation", async () => {
    const standIn = new SqliteD1({ limits: { maxCallsPerInvocation: 3 } });
    const d1 = standIn.binding;
    for (let i = 0; i < 3; i++) await d1.prepare("select 1").all();
    await expect(d1.prepare("select 1").all()).rejects.toThrow(
      "Too many API requests by single worker invocation.",
    );
    standIn.beginInvocation();
    await expect(d1.prepare("select 1").first()).resolves.toEqual({ 1: 1 });
    expect(standIn.totalCalls).toBe(4);
  });

  it("is never reached through the app's Database, whose meter refuses the call first", async () => {
    const standIn = new SqliteD1();
    const database = openD1Database(standIn.binding, { limits: { maxCallsPerInvocation: 50 } });
    for (let i = 0; i < 50; i++) await database.db.select().from(issues);
    const refused = await database.db
      .select()
      .from(issues)
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(findLimitError(refused)?.limit).toBe("maxCallsPerInvocation");
    expect(standIn.calls).toBe(50);
    expect(database.meter.calls).toBe(50);
  });
});
