import { and, asc, eq, gt, isNull, lt } from "drizzle-orm";
import type { Db, Statement } from "../client.js";
import { type SessionRow, sessions, type TokenRow, tokens } from "../schema.js";

export function insertTokenStatement(db: Db, row: TokenRow): Statement {
  return db.insert(tokens).values(row);
}

export async function findTokenByHash(db: Db, hash: string): Promise<TokenRow | undefined> {
  const rows = await db.select().from(tokens).where(eq(tokens.hash, hash));
  return rows[0];
}

export async function getToken(db: Db, id: string): Promise<TokenRow | undefined> {
  const rows = await db.select().from(tokens).where(eq(tokens.id, id));
  return rows[0];
}

export async function listTokens(db: Db): Promise<TokenRow[]> {
  return db.select().from(tokens).orderBy(asc(tokens.createdAt), asc(tokens.id));
}

export function revokeTokenStatement(db: Db, id: string, at: string): Statement {
  return db
    .update(tokens)
    .set({ revokedAt: at })
    .where(and(eq(tokens.id, id), isNull(tokens.revokedAt)));
}

/** A revoked token's page sessions end with it. */
export function deleteTokenSessionsStatement(db: Db, tokenId: string): Statement {
  return db.delete(sessions).where(eq(sessions.tokenId, tokenId));
}

export function insertSessionStatement(db: Db, row: SessionRow): Statement {
  return db.insert(sessions).values(row);
}

export async function findLiveSession(db: Db, id: string, now: string): Promise<SessionRow | undefined> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
  return rows[0];
}

export function deleteSessionStatement(db: Db, id: string): Statement {
  return db.delete(sessions).where(eq(sessions.id, id));
}

export function deleteExpiredSessionsStatement(db: Db, now: string): Statement {
  return db.delete(sessions).where(lt(sessions.expiresAt, now));
}
