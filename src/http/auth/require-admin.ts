// TEMPORARY (issue 10): the /export page and the draft markdown route accept only
// `Authorization: Bearer <KB_ADMIN_TOKEN>` until the curator sign-in (sessions, stored tokens with
// roles) lands on main. At merge, replace `isAdmin` with the session/role check; callers only ask
// "is this request an admin's?" and need no other change.
import type { Context } from "hono";
import type { AppEnv } from "../deps.js";

const encoder = new TextEncoder();

/** Equal strings, compared in time that depends only on the length of the expected one. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode("kb-admin-compare"),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const [a, b] = await Promise.all([
    crypto.subtle.sign("HMAC", key, encoder.encode(given)),
    crypto.subtle.sign("HMAC", key, encoder.encode(expected)),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

export type AdminCheck = "admin" | "anonymous" | "wrong-token";

/** Who is asking: an admin, someone without credentials, or someone with a token that is not the admin's. */
export async function adminCheck(c: Context<AppEnv>): Promise<AdminCheck> {
  const header = c.req.header("authorization");
  if (!header) return "anonymous";
  const token = /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1];
  const expected = c.var.deps.adminToken;
  if (!token || !expected) return "wrong-token";
  return (await sameSecret(token, expected)) ? "admin" : "wrong-token";
}
