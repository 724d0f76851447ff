export type Role = "curator" | "admin";

/** Who is acting: the audit log's actor is the token's label. */
export interface Principal {
  tokenId: string;
  role: Role;
  label: string;
}

const RANK: Record<Role, number> = { curator: 1, admin: 2 };

/** Admins may do whatever curators may. */
export function hasRole(principal: Principal, needed: Role): boolean {
  return RANK[principal.role] >= RANK[needed];
}

export const BOOTSTRAP_TOKEN_ID = "bootstrap";
