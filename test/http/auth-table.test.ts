// Walks every route the app registers: each mutating route answers as its declared audience says
// without a token, with a wrong-role token and with a revoked token. A new mutating route fails
// this test until it is added to AUDIENCE below.
import { beforeAll, describe, expect, it } from "vitest";
import { createToken, revokeToken } from "../../src/curation/tokens.js";
import { makeTestApp, TEST_ADMIN_TOKEN } from "../helpers/test-app.js";

type Audience = "public" | "signed" | "curator" | "admin" | "page-curator" | "page-admin";

/** Who may call each mutating route. "signed": verified by its own signature (Slack, GitHub). */
const AUDIENCE: Record<string, Audience> = {
  "POST /api/search": "public",
  "POST /": "public",
  "POST /login": "public",
  "POST /logout": "public",
  "POST /slack/commands": "signed",
  "POST /github/webhook": "signed",
  "POST /api/clusters/:id/promote": "curator",
  "POST /api/clusters/merge": "curator",
  "POST /api/clusters/:id/split": "curator",
  "POST /api/clusters/:id/ignore": "curator",
  "POST /api/clusters/:id/snooze": "curator",
  "POST /api/clusters/:id/restore": "curator",
  "DELETE /api/cluster-rules/:id": "curator",
  "POST /api/entries": "curator",
  "PATCH /api/entries/:id": "curator",
  "POST /api/entries/:id/publish": "curator",
  "POST /api/entries/:id/archive": "curator",
  "POST /api/tokens": "admin",
  "DELETE /api/tokens/:id": "admin",
  "POST /queue/promote": "page-curator",
  "POST /queue/ignore": "page-curator",
  "POST /queue/snooze": "page-curator",
  "POST /queue/restore": "page-curator",
  "POST /queue/draft": "page-curator",
  "POST /entries/:id/edit": "page-curator",
  "POST /entries/:id/archive": "page-curator",
  "POST /clusters/:id/curate/split": "page-curator",
  "POST /clusters/:id/curate/merge": "page-curator",
  "POST /corrections/undo": "page-curator",
  "POST /export/preview": "page-admin",
  "POST /export/pr": "page-admin",
};

/** Curator reads are guarded too: a GET that shows the queue or tokens is not public. */
const GUARDED_READS = ["GET /api/queue", "GET /api/cluster-rules", "GET /api/tokens"];

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const setup = makeTestApp();
const { app, deps } = setup;

function registered(): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of app.routes) {
    if (r.method === "ALL" || r.path.includes("*")) continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

const concrete = (path: string) => path.replaceAll(/:(\w+)/g, "x_$1");
const form = { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" };
const json = { "content-type": "application/json" };

async function send(method: string, path: string, headers: Record<string, string>) {
  const isPage = !path.startsWith("/api/");
  return app.request(`http://localhost${concrete(path)}`, {
    method,
    headers: { ...(isPage ? form : json), ...headers },
    body: isPage ? "_csrf=whatever&reason=r" : "{}",
  });
}

async function pageSession(token: string): Promise<string> {
  const res = await app.request("http://localhost/login", {
    method: "POST",
    headers: form,
    body: new URLSearchParams({ token, next: "/queue" }).toString(),
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.get("set-cookie") ?? "";
  expect(cookie).toMatch(/kb_session=[^;]+; .*HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  return cookie.split(";")[0]!;
}

describe("every route's auth answer", () => {
  let curator = "";
  let revoked = "";
  let revokedCookie = "";

  beforeAll(async () => {
    curator = (await createToken(deps, { role: "curator", label: "cora", actor: "test" })).token;
    const gone = await createToken(deps, { role: "admin", label: "gone", actor: "test" });
    revoked = gone.token;
    revokedCookie = await pageSession(revoked);
    await revokeToken(deps, { id: gone.info.id, actor: "test" });
  });

  it("classifies every mutating route the app registers", () => {
    const mutating = registered()
      .filter((r) => MUTATING.has(r.method))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(mutating).toEqual(Object.keys(AUDIENCE).sort());
  });

  it("answers 401 to API writes without a token and with a revoked one, 403 to a role too low", async () => {
    for (const [route, audience] of Object.entries(AUDIENCE)) {
      if (audience !== "curator" && audience !== "admin") continue;
      const [method, path] = route.split(" ") as [string, string];
      expect((await send(method, path, {})).status, `${route} without a token`).toBe(401);
      const bad = await send(method, path, { authorization: `Bearer ${revoked}` });
      expect(bad.status, `${route} with a revoked token`).toBe(401);
      expect(bad.headers.get("content-type")).toContain("application/problem+json");
      const low = await send(method, path, { authorization: `Bearer ${curator}` });
      if (audience === "admin") expect(low.status, `${route} as a curator`).toBe(403);
      else expect([401, 403], `${route} as a curator`).not.toContain(low.status);
      const admin = await send(method, path, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
      expect([401, 403], `${route} as the admin`).not.toContain(admin.status);
    }
  });

  it("answers 401 to page forms without a session and with a revoked token's session, 403 with a forged form", async () => {
    const session = await pageSession(curator);
    const adminSession = await pageSession(TEST_ADMIN_TOKEN);
    for (const [route, audience] of Object.entries(AUDIENCE)) {
      if (audience !== "page-curator" && audience !== "page-admin") continue;
      const [method, path] = route.split(" ") as [string, string];
      expect((await send(method, path, {})).status, `${route} without a session`).toBe(401);
      expect((await send(method, path, { cookie: revokedCookie })).status, `${route} revoked`).toBe(401);
      // A token in the Authorization header is not a page session.
      expect((await send(method, path, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` })).status).toBe(401);
      const own = audience === "page-admin" ? adminSession : session;
      if (audience === "page-admin")
        expect((await send(method, path, { cookie: session })).status, `${route} as a curator`).toBe(403);
      expect((await send(method, path, { cookie: own })).status, `${route} with a wrong CSRF token`).toBe(
        403,
      );
      const crossSite = await send(method, path, { cookie: own, origin: "https://evil.example" });
      expect(crossSite.status, `${route} from another site`).toBe(403);
    }
  });

  it("keeps signed routes refusing unsigned requests and guards curator reads", async () => {
    for (const route of ["POST /slack/commands", "POST /github/webhook"]) {
      const [method, path] = route.split(" ") as [string, string];
      expect([401, 404]).toContain((await send(method, path, {})).status);
    }
    for (const route of GUARDED_READS) {
      const path = route.split(" ")[1]!;
      expect((await app.request(path)).status, route).toBe(401);
      expect((await app.request(path, { headers: { authorization: `Bearer ${revoked}` } })).status).toBe(401);
    }
    expect(
      (await app.request("/api/tokens", { headers: { authorization: `Bearer ${curator}` } })).status,
    ).toBe(403);
  });
});
