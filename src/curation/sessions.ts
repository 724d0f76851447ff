import {
  deleteExpiredSessionsStatement,
  deleteSessionStatement,
  findLiveSession,
  getToken,
  insertSessionStatement,
} from "../db/queries/tokens.js";
import { CurationError } from "./errors.js";
import { randomSecret, sha256Hex } from "./hash.js";
import { BOOTSTRAP_TOKEN_ID, type Principal } from "./principal.js";
import { authenticate, type TokenDeps } from "./tokens.js";

export const SESSION_HOURS = 12;

export interface Session {
  principal: Principal;
  /** Goes into every form and is checked on every POST. */
  csrf: string;
  expiresAt: string;
}

/** Signs in with a token: a new server-side session whose random id only the cookie holds. */
export async function startSession(
  deps: TokenDeps,
  token: string,
): Promise<{ cookie: string; session: Session }> {
  const principal = await authenticate(deps, token);
  if (!principal) throw new CurationError("BAD_REQUEST", "that token is not valid (unknown or revoked)");
  const now = deps.clock.now();
  const cookie = randomSecret();
  const session: Session = {
    principal,
    csrf: randomSecret(),
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString(),
  };
  const { db } = deps.database;
  await deps.database.atomic([
    deleteExpiredSessionsStatement(db, now.toISOString()),
    insertSessionStatement(db, {
      id: await sha256Hex(cookie),
      tokenId: principal.tokenId,
      role: principal.role,
      label: principal.label,
      csrf: session.csrf,
      createdAt: now.toISOString(),
      expiresAt: session.expiresAt,
    }),
  ]);
  return { cookie, session };
}

/** The live session behind a cookie; null when it expired, was ended, or its token was revoked. */
export async function readSession(deps: TokenDeps, cookie: string | undefined): Promise<Session | null> {
  if (!cookie || cookie.length > 200) return null;
  const { db } = deps.database;
  const row = await findLiveSession(db, await sha256Hex(cookie), deps.clock.now().toISOString());
  if (!row) return null;
  if (row.tokenId === BOOTSTRAP_TOKEN_ID) {
    if (!deps.adminToken) return null;
  } else {
    const token = await getToken(db, row.tokenId);
    if (!token || token.revokedAt) return null;
  }
  return {
    principal: { tokenId: row.tokenId, role: row.role, label: row.label },
    csrf: row.csrf,
    expiresAt: row.expiresAt,
  };
}

export async function endSession(deps: TokenDeps, cookie: string): Promise<void> {
  await deps.database.atomic([deleteSessionStatement(deps.database.db, await sha256Hex(cookie))]);
}
