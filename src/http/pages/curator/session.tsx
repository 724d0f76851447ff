// Page sessions: a random id in an HttpOnly, SameSite=Lax cookie (Secure over HTTPS); the session
// itself, with its CSRF token, lives in the database. Every form POST carries `_csrf`.
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { useRequestContext } from "hono/jsx-renderer";
import { hasRole, type Role } from "../../../curation/principal.js";
import { readSession } from "../../../curation/sessions.js";
import type { AppEnv } from "../../deps.js";

export const SESSION_COOKIE = "kb_session";

function isHttps(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

export function setSessionCookie(c: Context<AppEnv>, value: string, expiresAt: string): void {
  setCookie(c, SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    path: "/",
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c) });
}

export const sessionCookie = (c: Context<AppEnv>) => getCookie(c, SESSION_COOKIE);

/** Reads the session (if any) so pages and the header know who is signed in. */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get("session")) {
    const session = await readSession(c.var.deps, sessionCookie(c));
    if (session) {
      c.set("session", session);
      c.set("principal", session.principal);
    }
  }
  await next();
};

/** Pages run no script at all: a policy that forbids it makes any escaping slip inert too. */
export const pageSecurityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header(
    "Content-Security-Policy",
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "same-origin");
};

export type PageGuard = MiddlewareHandler<AppEnv> & { requiredRole: Role };

/**
 * Curator pages: a GET without a session goes to the sign-in page and comes back; a POST without
 * one is refused (401), as is a POST whose `_csrf` field is not the session's (403).
 */
export function requirePageRole(role: Role): PageGuard {
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    const session = c.get("session");
    if (!session) {
      if (c.req.method === "GET") return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      c.status(401);
      return c.render(<SignInFirst />, { title: "Sign in" });
    }
    if (!hasRole(session.principal, role)) {
      c.status(403);
      return c.render(
        <p class="error">
          This page is for {role}s; you are signed in as a {session.principal.role}.
        </p>,
        {
          title: "Forbidden",
        },
      );
    }
    if (c.req.method === "POST") {
      const body = await c.req.parseBody();
      if (body._csrf !== session.csrf) {
        c.status(403);
        return c.render(
          <p class="error">
            This form has expired or did not come from this site. Go back, reload it and try again.
          </p>,
          {
            title: "Forbidden",
          },
        );
      }
    }
    await next();
  };
  return Object.assign(guard, { requiredRole: role });
}

function SignInFirst() {
  return (
    <p class="error">
      Your session has ended (or you never signed in). <a href="/login">Sign in</a> and try again.
    </p>
  );
}

/** The hidden field every curator form carries. */
export function Csrf() {
  const c = useRequestContext<AppEnv>();
  return <input type="hidden" name="_csrf" value={c.get("session")?.csrf ?? ""} />;
}
