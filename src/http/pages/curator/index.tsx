// The curator side of the site (and the public entry pages): sign-in, the review queue, entries,
// corrections. Plain forms, no script; every POST is checked for origin (csrf()) and session token.
import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { CurationError, StaleVersionError } from "../../../curation/errors.js";
import type { AppEnv, AppRouter } from "../../deps.js";
import { AppError } from "../../errors.js";
import { pageRenderer } from "../layout.js";
import { correctionPages } from "./correction-routes.js";
import { entryPages } from "./entry-routes.js";
import { loginPages } from "./login.js";
import { queuePages } from "./queue-routes.js";
import { loadSession, pageSecurityHeaders } from "./session.js";

// Path patterns of these pages (and the public pages, so the header knows who is signed in).
const PATHS = [
  "/",
  "/login",
  "/logout",
  "/queue",
  "/queue/*",
  "/entries",
  "/entries/*",
  "/clusters/*",
  "/corrections",
  "/corrections/*",
];
const MAX_FORM_BYTES = 256 * 1024;
const STATUS = { NOT_FOUND: 404, BAD_REQUEST: 400, CONFLICT: 409, UNPROCESSABLE: 422 } as const;

function pageError(error: Error, c: Context<AppEnv>): Response | Promise<Response> {
  if (error instanceof CurationError || error instanceof AppError) {
    const code = error instanceof AppError ? error.code : error.code;
    c.status((STATUS as Record<string, 400 | 404 | 409 | 422>)[code] ?? 400);
    return c.render(
      <p class="error" role="alert">
        {error instanceof AppError ? error.detail : error.message} <a href="/queue">Back to the queue</a>
      </p>,
      { title: "Could not do that" },
    );
  }
  if (error instanceof HTTPException && error.status < 500) {
    c.status(error.status);
    const detail =
      error.status === 403 ? "This form did not come from this site." : error.message || "Bad request.";
    return c.render(<p class="error">{detail}</p>, { title: "Refused" });
  }
  if (error instanceof StaleVersionError) {
    c.status(409);
    return c.render(<p class="error">{error.message}</p>, { title: "Edit conflict" });
  }
  c.var.deps.logger.error("page failed", { path: c.req.path, error: error.message, stack: error.stack });
  c.status(500);
  return c.render(<p class="error">Something went wrong on our side; it has been logged.</p>, {
    title: "Error",
  });
}

export function registerCuratorPages(app: AppRouter): void {
  const pages = new Hono<AppEnv>();
  for (const path of PATHS) {
    pages.use(path, pageRenderer, pageSecurityHeaders, loadSession);
  }
  // "/" is the search page's: it sets its own origin check and body limit.
  for (const path of PATHS.filter((p) => p !== "/")) {
    pages.use(
      path,
      csrf(),
      bodyLimit({
        maxSize: MAX_FORM_BYTES,
        onError: (c) => {
          c.status(413);
          return c.render(<p class="error">That form is larger than 256 KiB.</p>, { title: "Too large" });
        },
      }),
    );
  }
  pages.route("/", loginPages());
  pages.route("/", queuePages());
  pages.route("/", entryPages());
  pages.route("/", correctionPages());
  pages.onError(pageError);
  app.route("/", pages);
}
