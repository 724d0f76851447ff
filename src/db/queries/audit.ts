import { desc, eq } from "drizzle-orm";
import type { Db, Statement } from "../client.js";
import { type AuditRow, auditLog } from "../schema.js";

export interface AuditInput {
  actor: string;
  action: string;
  subject: string;
  detail?: unknown;
  createdAt: string;
}

/** Every curator mutation adds one of these to the same atomic group as the change itself. */
export function auditStatement(db: Db, row: AuditInput): Statement {
  return db.insert(auditLog).values({ ...row, detail: row.detail ?? null });
}

export async function listAudit(db: Db, options: { limit: number; subject?: string }): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(options.subject ? eq(auditLog.subject, options.subject) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(options.limit);
}
