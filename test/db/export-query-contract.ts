// The export query's contract, run on better-sqlite3 (node project) and on D1 (workers project).
import { expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { listPublishedEntriesForExport, setEntryExportTarget } from "../../src/db/queries/export.js";
import { upsertIssueStatements } from "../../src/db/queries/ingest.js";
import { entries, issueSignatures, signatures } from "../../src/db/schema.js";
import { issueRow } from "./query-contract.js";

const AT = "2026-11-26T12:00:00Z";

async function seed(database: Database, count: number): Promise<void> {
  const { db } = database;
  const rows = Array.from({ length: count }, (_, i) => issueRow(i + 1, { title: `Report ${i + 1}` }));
  await database.atomic(upsertIssueStatements(db, rows, database.limits));
  for (let i = 1; i <= count; i++) {
    await db.insert(signatures).values({ id: `sig_${i}`, template: `error <*> number ${i}`, createdAt: AT });
    // Two samples per signature: the one from the lower issue id must win.
    await db.insert(issueSignatures).values([
      { issueId: 1000 + i, signatureId: `sig_${i}`, role: "primary", sample: `error A number ${i}` },
      { issueId: 5000 + i, signatureId: `sig_${i}`, role: "primary", sample: `error B number ${i}` },
    ]);
    await db.insert(entries).values({
      id: `ent_${String(i).padStart(3, "0")}`,
      title: `Entry ${i}`,
      errorSignatures: [`sig_${i}`, `error <*> number ${(i % count) + 1}`, "never mined"],
      sourceIssues: [`SeldonIO/seldon-core#${i}`, "SeldonIO/seldon-core#9999"],
      components: ["scheduler"],
      state: i % 10 === 0 ? "draft" : "published",
      createdAt: AT,
      updatedAt: AT,
    });
  }
}

export function exportQueryContract(open: () => Promise<Database> | Database): void {
  it("reads published entries with templates, first samples, issue titles and overrides, past the parameter cap", async () => {
    const database = await open();
    await seed(database, 120);
    await setEntryExportTarget(database.db, { entryId: "ent_007", target: "core-v1", setBy: "test", at: AT });
    const found = await listPublishedEntriesForExport(database.db);
    expect(found).toHaveLength(108);
    expect(found.map((e) => e.id)).toEqual([...found.map((e) => e.id)].sort());
    const seventh = found.find((e) => e.id === "ent_007");
    expect(seventh?.targetOverride).toBe("core-v1");
    expect(seventh?.signatures).toEqual([
      { template: "error <*> number 7", sample: "error A number 7" },
      { template: "error <*> number 8", sample: "error A number 8" },
      { template: "never mined", sample: null },
    ]);
    expect(seventh?.sources).toEqual([
      {
        repo: "SeldonIO/seldon-core",
        number: 7,
        title: "Report 7",
        url: "https://github.com/SeldonIO/seldon-core/issues/7",
      },
      {
        repo: "SeldonIO/seldon-core",
        number: 9999,
        title: null,
        url: "https://github.com/SeldonIO/seldon-core/issues/9999",
      },
    ]);
    expect(found.find((e) => e.id === "ent_119")?.sources[0]?.title).toBe("Report 119");
    await setEntryExportTarget(database.db, { entryId: "ent_007", target: null, setBy: "test", at: AT });
    expect(
      (await listPublishedEntriesForExport(database.db)).find((e) => e.id === "ent_007")?.targetOverride,
    ).toBeNull();
  });
}
