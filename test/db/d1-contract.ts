// D1's API as the app relies on it, run by the Node project on the better-sqlite3 stand-in and by
// the workers project on workerd's D1: result shapes, atomic batches, and the limit errors.
import { expect, it } from "vitest";

async function fresh(open: () => Promise<D1Database> | D1Database): Promise<D1Database> {
  const d1 = await open();
  await d1.prepare("drop table if exists contract_probe").run();
  await d1.prepare("create table contract_probe (id integer primary key, v text, w text)").run();
  return d1;
}

export function d1Contract(open: () => Promise<D1Database> | D1Database): void {
  it("answers run, all, first and raw in D1's shapes", async () => {
    const d1 = await fresh(open);
    const inserted = await d1
      .prepare("insert into contract_probe (id, v) values (?, ?)")
      .bind(7, "seven")
      .run();
    expect(inserted.success).toBe(true);
    expect(inserted.meta).toMatchObject({ changes: 1, last_row_id: 7, changed_db: true });
    const all = await d1.prepare("select id, v from contract_probe").all<{ id: number; v: string }>();
    expect(all.results).toEqual([{ id: 7, v: "seven" }]);
    expect(all.meta.changes).toBe(0);
    expect(await d1.prepare("select id, v from contract_probe").first()).toEqual({ id: 7, v: "seven" });
    expect(await d1.prepare("select id, v from contract_probe").first("v")).toBe("seven");
    expect(await d1.prepare("select id from contract_probe where id = ?").bind(8).first()).toBeNull();
    expect(await d1.prepare("select id, v from contract_probe").raw()).toEqual([[7, "seven"]]);
    expect(await d1.prepare("select id, v from contract_probe").raw({ columnNames: true })).toEqual([
      ["id", "v"],
      [7, "seven"],
    ]);
  });

  it("binds booleans as integers and refuses undefined", async () => {
    const d1 = await fresh(open);
    expect(await d1.prepare("select ? as t").bind(true).first("t")).toBe(1);
    await expect((async () => d1.prepare("select ? as t").bind(undefined).all())()).rejects.toThrow(
      /D1_TYPE_ERROR/,
    );
  });

  it("applies a batch atomically: a failing statement rolls the whole batch back", async () => {
    const d1 = await fresh(open);
    const insert = (id: number) => d1.prepare("insert into contract_probe (id) values (?)").bind(id);
    const results = await d1.batch([insert(1), d1.prepare("select count(*) as n from contract_probe")]);
    expect(results).toHaveLength(2);
    expect(results[1]?.results).toEqual([{ n: 1 }]);
    await expect(d1.batch([insert(2), insert(1)])).rejects.toThrow(
      /UNIQUE constraint failed.*SQLITE_CONSTRAINT/,
    );
    expect(await d1.prepare("select count(*) as n from contract_probe").first("n")).toBe(1);
  });

  it("refuses a statement with more than 100 bound parameters", async () => {
    const d1 = await fresh(open);
    const ids = Array.from({ length: 101 }, (_, i) => i);
    const query = `select id from contract_probe where id in (${ids.map(() => "?").join(", ")})`;
    await expect(
      d1
        .prepare(query)
        .bind(...ids)
        .all(),
    ).rejects.toThrow(/too many SQL variables/);
    await expect(
      d1
        .prepare(query.replace("?, ", ""))
        .bind(...ids.slice(1))
        .all(),
    ).resolves.toMatchObject({
      success: true,
    });
  });

  it("refuses SQL text over 100,000 bytes, counted in UTF-8", async () => {
    const d1 = await fresh(open);
    await expect(d1.prepare(`select '${"€".repeat(34_000)}' as x`).all()).rejects.toThrow(
      /statement too long/,
    );
    await expect(d1.prepare(`select '${"e".repeat(90_000)}' as x`).all()).resolves.toMatchObject({
      success: true,
    });
  });

  it("refuses a row over the row-size limit", async () => {
    const d1 = await fresh(open);
    const big = "x".repeat(1_100_000);
    await expect(
      d1.prepare("insert into contract_probe (id, v, w) values (1, ?, ?)").bind(big, big).run(),
    ).rejects.toThrow(/string or blob too big/);
    await expect(
      d1.prepare("insert into contract_probe (id, v) values (1, ?)").bind(big).run(),
    ).resolves.toMatchObject({ success: true });
  });
}
