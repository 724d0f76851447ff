// Published entries with everything their upstream page shows: signature templates with a real
// sample line, source issues with titles and URLs, and a curator's target override.
import { and, asc, desc, eq, inArray, like, or } from "drizzle-orm";
import { PUBLIC_STATES } from "../../domain/entry/model.js";
import type {
  DocsTargetKey,
  ExportEntry,
  ExportIssueRef,
  ExportSignature,
} from "../../domain/export/types.js";
import type { Db } from "../client.js";
import {
  auditLog,
  type EntryRow,
  entries,
  entryExportTargets,
  issueSignatures,
  issues,
  signatures,
} from "../schema.js";

// D1 binds at most 100 parameters per statement.
const chunks = <T>(items: readonly T[], size = 90): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

interface SourceKey {
  repo: string;
  repoKey: string;
  number: number;
}

/** "Owner/repo#12" or an issue URL; anything else is not a source issue. */
export function parseSourceIssue(text: string): SourceKey | null {
  const m =
    /^([\w.-]+\/[\w.-]+)#(\d+)$/.exec(text.trim()) ??
    /^https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\/(?:issues|pull)\/(\d+)/.exec(text.trim());
  if (!m?.[1] || !m[2]) return null;
  return { repo: m[1], repoKey: m[1].toLowerCase(), number: Number(m[2]) };
}

async function sourceRefs(db: Db, rows: EntryRow[]): Promise<Map<string, ExportIssueRef>> {
  const keys = new Map<string, SourceKey>();
  for (const row of rows)
    for (const s of row.sourceIssues) {
      const k = parseSourceIssue(s);
      if (k) keys.set(`${k.repoKey}#${k.number}`, k);
    }
  const found = new Map<string, ExportIssueRef>();
  for (const part of chunks([...keys.values()], 45)) {
    const hits = await db
      .select({
        repo: issues.repo,
        repoKey: issues.repoKey,
        number: issues.number,
        title: issues.title,
        url: issues.htmlUrl,
      })
      .from(issues)
      .where(or(...part.map((k) => and(eq(issues.repoKey, k.repoKey), eq(issues.number, k.number)))));
    for (const h of hits)
      found.set(`${h.repoKey}#${h.number}`, { repo: h.repo, number: h.number, title: h.title, url: h.url });
  }
  for (const [key, k] of keys)
    if (!found.has(key))
      found.set(key, {
        repo: k.repo,
        number: k.number,
        title: null,
        url: `https://github.com/${k.repo}/issues/${k.number}`,
      });
  return found;
}

/** Entries name signatures by id or by template; either resolves to the template and one sample. */
async function signatureInfo(
  db: Db,
  rows: EntryRow[],
): Promise<Map<string, { id: string; template: string }>> {
  const names = [...new Set(rows.flatMap((r) => r.errorSignatures))];
  const out = new Map<string, { id: string; template: string }>();
  for (const part of chunks(names, 45)) {
    const hits = await db
      .select({ id: signatures.id, template: signatures.template })
      .from(signatures)
      .where(or(inArray(signatures.id, part), inArray(signatures.template, part)));
    for (const h of hits) {
      out.set(h.id, h);
      out.set(h.template, h);
    }
  }
  return out;
}

async function samples(
  db: Db,
  signatureIds: string[],
): Promise<{ signatureId: string; issueId: number; sample: string }[]> {
  const out: { signatureId: string; issueId: number; sample: string }[] = [];
  for (const part of chunks(signatureIds)) {
    out.push(
      ...(await db
        .select({
          signatureId: issueSignatures.signatureId,
          issueId: issueSignatures.issueId,
          sample: issueSignatures.sample,
        })
        .from(issueSignatures)
        .where(inArray(issueSignatures.signatureId, part))
        .orderBy(asc(issueSignatures.issueId))),
    );
  }
  return out;
}

async function toExportEntries(db: Db, rows: EntryRow[]): Promise<ExportEntry[]> {
  if (rows.length === 0) return [];
  const [refs, sigs, overrides] = await Promise.all([
    sourceRefs(db, rows),
    signatureInfo(db, rows),
    db.select().from(entryExportTargets),
  ]);
  const ids = [...new Set([...sigs.values()].map((s) => s.id))];
  const sampleRows = await samples(db, ids);
  const override = new Map(overrides.map((o) => [o.entryId, o.target as DocsTargetKey]));
  return rows.map((row) => {
    const sources = row.sourceIssues.flatMap((s) => {
      const k = parseSourceIssue(s);
      const ref = k ? refs.get(`${k.repoKey}#${k.number}`) : undefined;
      return ref ? [ref] : [];
    });
    const signatureList: ExportSignature[] = row.errorSignatures.map((name) => {
      const sig = sigs.get(name);
      if (!sig) return { template: name, sample: null };
      // The first sample in issue order: deterministic for the same corpus.
      const sample = sampleRows.find((s) => s.signatureId === sig.id)?.sample ?? null;
      return { template: sig.template, sample };
    });
    return {
      id: row.id,
      version: row.version,
      title: row.title,
      symptom: row.symptom,
      cause: row.cause,
      resolution: row.resolution,
      signatures: signatureList,
      affectedVersions: row.affectedVersions,
      components: row.components,
      sources,
      targetOverride: override.get(row.id) ?? null,
    };
  });
}

/** Every public entry (published, or published and flagged for review), ready to render, in id order. */
export async function listPublishedEntriesForExport(db: Db): Promise<ExportEntry[]> {
  const rows = await db
    .select()
    .from(entries)
    .where(inArray(entries.state, PUBLIC_STATES))
    .orderBy(asc(entries.id));
  return toExportEntries(db, rows);
}

/** One entry ready to render, whatever its state; the caller decides who may see it. */
export async function getEntryForExport(
  db: Db,
  id: string,
): Promise<{ entry: ExportEntry; state: string } | null> {
  const rows = await db.select().from(entries).where(eq(entries.id, id));
  const row = rows[0];
  if (!row) return null;
  const [entry] = await toExportEntries(db, [row]);
  return entry ? { entry, state: row.state } : null;
}

/** A curator's choice of docs for an entry; null goes back to choosing from components and versions. */
export async function setEntryExportTarget(
  db: Db,
  input: { entryId: string; target: DocsTargetKey | null; setBy: string; at: string },
): Promise<void> {
  if (input.target === null) {
    await db.delete(entryExportTargets).where(eq(entryExportTargets.entryId, input.entryId));
    return;
  }
  const row = { entryId: input.entryId, target: input.target, setBy: input.setBy, setAt: input.at };
  await db
    .insert(entryExportTargets)
    .values(row)
    .onConflictDoUpdate({
      target: entryExportTargets.entryId,
      set: { target: row.target, setBy: row.setBy, setAt: row.setAt },
    });
}

/** One audit_log row for an export action (target override, pull request opened or updated). */
export async function recordExportAudit(
  db: Db,
  input: { actor: string; action: string; subject: string; detail: unknown; at: string },
): Promise<void> {
  await db.insert(auditLog).values({
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    detail: input.detail,
    createdAt: input.at,
  });
}

/** The latest export actions (pull requests opened or updated, target changes), newest first. */
export async function listExportAudit(db: Db, limit: number) {
  return db
    .select()
    .from(auditLog)
    .where(like(auditLog.action, "export.%"))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

export async function entryExists(db: Db, id: string): Promise<boolean> {
  const rows = await db.select({ id: entries.id }).from(entries).where(eq(entries.id, id));
  return rows.length > 0;
}
