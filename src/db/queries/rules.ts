import { eq } from "drizzle-orm";
import type { Db, Statement } from "../client.js";
import { type ClusterRuleRow, clusterRules } from "../schema.js";

export async function getRule(db: Db, id: string): Promise<ClusterRuleRow | undefined> {
  const rows = await db.select().from(clusterRules).where(eq(clusterRules.id, id));
  return rows[0];
}

export function deleteRuleStatement(db: Db, id: string): Statement {
  return db.delete(clusterRules).where(eq(clusterRules.id, id));
}
