// Who may call a route. API routes take `Authorization: Bearer <token>`; pages use the session
// cookie (see pages/curator/session.ts). 401: no valid token (absent, unknown, revoked); 403: the
// token's role is not enough.
import type { MiddlewareHandler } from "hono";
import { hasRole, type Principal, type Role } from "../curation/principal.js";
import { authenticate } from "../curation/tokens.js";
import type { AppDeps, AppEnv } from "./deps.js";
import { AppError } from "./errors.js";

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1] ?? null;
}

export async function principalFromHeader(
  deps: AppDeps,
  header: string | undefined,
): Promise<Principal | null> {
  const token = bearer(header);
  if (token === null) {
    if (header !== undefined && header.trim() !== "")
      throw new AppError("UNAUTHORIZED", "Authorization must be 'Bearer <token>'");
    return null;
  }
  const principal = await authenticate(deps, token);
  if (!principal) throw new AppError("UNAUTHORIZED", "the token is unknown or revoked");
  return principal;
}

export type RoleMiddleware = MiddlewareHandler<AppEnv> & { requiredRole: Role };

/** Refuses the request unless it carries a valid token with at least `role`. */
export function requireRole(role: Role): RoleMiddleware {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const principal = await principalFromHeader(c.var.deps, c.req.header("authorization"));
    if (!principal)
      throw new AppError("UNAUTHORIZED", `this route needs a ${role} token: Authorization: Bearer <token>`);
    if (!hasRole(principal, role))
      throw new AppError(
        "FORBIDDEN",
        `this route needs the ${role} role; the token '${principal.label}' is a ${principal.role}`,
      );
    c.set("principal", principal);
    await next();
  };
  return Object.assign(middleware, { requiredRole: role });
}

/** Public routes that show more to curators: a token is optional, but a bad one is still refused. */
export const optionalPrincipal: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = await principalFromHeader(c.var.deps, c.req.header("authorization"));
  if (principal) c.set("principal", principal);
  await next();
};

export const authResponses = {
  401: { description: "No valid token (absent, unknown or revoked)" },
  403: { description: "The token's role is not enough" },
} as const;
