import type { Database } from "../db/client.js";
import { auditStatement } from "../db/queries/audit.js";
import {
  deleteTokenSessionsStatement,
  findTokenByHash,
  getToken,
  insertTokenStatement,
  listTokens as listTokenRows,
  revokeTokenStatement,
} from "../db/queries/tokens.js";
import type { TokenRow } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import { CurationError } from "./errors.js";
import { randomSecret, sha256Hex } from "./hash.js";
import { BOOTSTRAP_TOKEN_ID, type Principal, type Role } from "./principal.js";

export interface TokenDeps {
  database: Database;
  clock: Clock;
  /** KB_ADMIN_TOKEN: the bootstrap admin, never stored. */
  adminToken?: string;
}

export type TokenInfo = Omit<TokenRow, "hash">;

const MAX_TOKEN_CHARS = 512;

/** Creates a token and returns it once; only its SHA-256 is stored. */
export async function createToken(
  deps: TokenDeps,
  input: { role: Role; label: string; actor: string },
): Promise<{ token: string; info: TokenInfo }> {
  const label = input.label.trim();
  if (label === "" || label.length > 100)
    throw new CurationError("BAD_REQUEST", "label: give the token a name of 1 to 100 characters");
  const token = `kb_${randomSecret()}`;
  const now = deps.clock.now().toISOString();
  const row: TokenRow = {
    id: `tok_${randomSecret(9)}`,
    hash: await sha256Hex(token),
    role: input.role,
    label,
    createdAt: now,
    revokedAt: null,
  };
  const { db } = deps.database;
  await deps.database.atomic([
    insertTokenStatement(db, row),
    auditStatement(db, {
      actor: input.actor,
      action: "token.create",
      subject: row.id,
      detail: { role: row.role, label },
      createdAt: now,
    }),
  ]);
  const { hash: _hash, ...info } = row;
  return { token, info };
}

export async function listTokens(deps: TokenDeps): Promise<TokenInfo[]> {
  return (await listTokenRows(deps.database.db)).map(({ hash: _hash, ...info }) => info);
}

/** Revokes a token and ends its page sessions; revoking twice is refused so a typo is noticed. */
export async function revokeToken(deps: TokenDeps, input: { id: string; actor: string }): Promise<TokenInfo> {
  const { db } = deps.database;
  const row = await getToken(db, input.id);
  if (!row) throw new CurationError("NOT_FOUND", `no token ${input.id}`);
  if (row.revokedAt)
    throw new CurationError("CONFLICT", `token ${input.id} was already revoked at ${row.revokedAt}`);
  const now = deps.clock.now().toISOString();
  await deps.database.atomic([
    revokeTokenStatement(db, row.id, now),
    deleteTokenSessionsStatement(db, row.id),
    auditStatement(db, {
      actor: input.actor,
      action: "token.revoke",
      subject: row.id,
      detail: { label: row.label },
      createdAt: now,
    }),
  ]);
  const { hash: _hash, ...info } = row;
  return { ...info, revokedAt: now };
}

/** Who holds this token, or null when it is unknown or revoked. Compares hashes, never raw tokens. */
export async function authenticate(deps: TokenDeps, token: string): Promise<Principal | null> {
  if (token === "" || token.length > MAX_TOKEN_CHARS) return null;
  const hash = await sha256Hex(token);
  if (deps.adminToken && hash === (await sha256Hex(deps.adminToken)))
    return { tokenId: BOOTSTRAP_TOKEN_ID, role: "admin", label: "admin (KB_ADMIN_TOKEN)" };
  const row = await findTokenByHash(deps.database.db, hash);
  if (!row || row.revokedAt) return null;
  return { tokenId: row.id, role: row.role, label: row.label };
}
