// /login takes a token and starts a page session; /logout ends it.
import type { Context } from "hono";
import { Hono } from "hono";
import { CurationError } from "../../../curation/errors.js";
import { endSession, startSession } from "../../../curation/sessions.js";
import type { AppEnv } from "../../deps.js";
import { clientOf } from "../../rate-limit.js";
import { Csrf, clearSessionCookie, sessionCookie, setSessionCookie } from "./session.js";

// Only paths on this site: "//evil.example" or "https://…" would make sign-in an open redirect.
function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])/.test(next) ? next : "/queue";
}

/** Who is trying: the address Cloudflare or the Node socket saw (headers a client sets are not trusted). */
function LoginPage({ next, error }: { next: string; error?: string }) {
  return (
    <section style="max-width:32rem">
      <h1>Curator sign-in</h1>
      <p>
        Paste your curator token. An admin creates one with{" "}
        <code>npm run kb -- token create --role curator --label NAME</code>; the demo prints its admin token
        when it starts.
      </p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <form method="post" action="/login">
        <input type="hidden" name="next" value={next} />
        <label class="field" for="token">
          Token
        </label>
        <input
          class="wide"
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          required
        />
        <p>
          <button class="primary" type="submit">
            Sign in
          </button>
        </p>
      </form>
    </section>
  );
}

export function loginPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.get("/login", (c) =>
    c.render(<LoginPage next={safeNext(c.req.query("next"))} />, { title: "Sign in" }),
  );
  pages.post("/login", async (c) => {
    const deps = c.var.deps;
    const body = await c.req.parseBody();
    const next = safeNext(body.next);
    // Failed sign-ins count per client, the same client the public rate limits see (no spoofable header).
    const client = clientOf(c, deps);
    const limiter = deps.signInLimiter!;
    const wait = limiter.retryAfter(client, deps.clock.now());
    if (wait > 0) {
      c.status(429);
      c.header("Retry-After", String(wait));
      return c.render(
        <LoginPage
          next={next}
          error={`Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minutes.`}
        />,
        {
          title: "Sign in",
        },
      );
    }
    const token = typeof body.token === "string" ? body.token.trim() : "";
    try {
      const { cookie, session } = await startSession(deps, token);
      limiter.recordSuccess(client);
      setSessionCookie(c, cookie, session.expiresAt);
      return c.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof CurationError)) throw error;
      limiter.recordFailure(client, deps.clock.now());
      c.status(401);
      return c.render(
        <LoginPage next={next} error="That token is not valid: it is unknown or was revoked." />,
        { title: "Sign in" },
      );
    }
  });
  pages.get("/logout", (c) =>
    c.render(
      c.get("session") ? (
        <form method="post" action="/logout">
          <Csrf />
          <p>Sign out of this browser?</p>
          <button class="primary" type="submit">
            Sign out
          </button>
        </form>
      ) : (
        <p>
          You are not signed in. <a href="/login">Sign in</a>
        </p>
      ),
      { title: "Sign out" },
    ),
  );
  pages.post("/logout", async (c) => {
    const session = c.get("session");
    const body = await c.req.parseBody();
    const cookie = sessionCookie(c);
    // Without the session's CSRF token a cross-site page could sign a curator out; refuse it.
    if (session && body._csrf !== session.csrf) {
      c.status(403);
      return c.render(<p class="error">This sign-out did not come from this site.</p>, {
        title: "Forbidden",
      });
    }
    if (cookie) await endSession(deps(c), cookie);
    clearSessionCookie(c);
    return c.redirect("/", 303);
  });
  return pages;
}

const deps = (c: Context<AppEnv>) => c.var.deps;
