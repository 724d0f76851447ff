import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { parseSourceIssue } from "../../src/db/queries/export.js";
import { entries, issueSignatures, issues, signatures } from "../../src/db/schema.js";
import { storeGitHubItems } from "../../src/github/store-items.js";

const ROOT = resolve(import.meta.dirname, "../..");
export const EXPORT_FIXTURE = resolve(ROOT, "test/fixtures/export/entries.json");
export const FIXTURE_NOW = "2026-11-26T12:00:00.000Z";

export interface EntryInput {
  id: string;
  title: string;
  symptom?: string;
  errorSignatures?: string[];
  cause?: string;
  resolution?: string;
  affectedVersions?: string[];
  components?: string[];
  sourceIssues?: string[];
  state?: "draft" | "published" | "needs-review" | "archived";
  version?: number;
}

/** Inserts one entry row with defaults for what the test does not care about. */
export async function insertEntry(database: Database, input: EntryInput): Promise<void> {
  await database.db.insert(entries).values({
    symptom: "",
    cause: "",
    resolution: "",
    errorSignatures: [],
    affectedVersions: [],
    components: [],
    sourceIssues: [],
    state: "published",
    version: 1,
    ...input,
    createdAt: FIXTURE_NOW,
    updatedAt: FIXTURE_NOW,
    publishedAt: input.state === "draft" ? null : FIXTURE_NOW,
  });
}

/** Replaces an entry's text the way a curator's edit would (new version, same id). */
export async function editEntry(database: Database, id: string, patch: Partial<EntryInput>): Promise<void> {
  const [row] = await database.db.select().from(entries).where(eq(entries.id, id));
  if (!row) throw new Error(`no entry ${id}`);
  await database.db
    .update(entries)
    .set({ ...patch, version: row.version + 1 })
    .where(eq(entries.id, id));
}

interface Fixture {
  signatures: { id: string; template: string; sample: string | null }[];
  entries: EntryInput[];
}

/** The sample corpus's issues (for reference titles) plus the export fixture's signatures and entries. */
export async function seedExportFixture(database: Database): Promise<Fixture> {
  const corpus = JSON.parse(readFileSync(resolve(ROOT, "test/fixtures/sample-corpus.json"), "utf8"));
  await storeGitHubItems(database, { issues: corpus.issues, comments: [] }, FIXTURE_NOW);
  const fixture = JSON.parse(readFileSync(EXPORT_FIXTURE, "utf8")) as Fixture;
  for (const sig of fixture.signatures) {
    await database.db
      .insert(signatures)
      .values({ id: sig.id, template: sig.template, createdAt: FIXTURE_NOW });
    if (sig.sample === null) continue;
    const entry = fixture.entries.find((e) => e.errorSignatures?.includes(sig.id));
    const source = parseSourceIssue(entry?.sourceIssues?.[0] ?? "");
    const [issue] = source
      ? await database.db
          .select({ id: issues.id })
          .from(issues)
          .where(and(eq(issues.repoKey, source.repoKey), eq(issues.number, source.number)))
      : [];
    if (!issue) throw new Error(`fixture signature ${sig.id} has no source issue in the corpus`);
    await database.db
      .insert(issueSignatures)
      .values({ issueId: issue.id, signatureId: sig.id, role: "primary", sample: sig.sample });
  }
  for (const entry of fixture.entries) await insertEntry(database, entry);
  return fixture;
}
