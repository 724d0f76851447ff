import { beforeAll, describe, expect, it } from "vitest";
import { memorySignInLimiter } from "../../src/curation/sign-in-limiter.js";
import { curatedApp } from "../helpers/curation.js";
import { TEST_ADMIN_TOKEN } from "../helpers/test-app.js";

const form = (fields: Record<string, string>, extra: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", ...extra },
  body: new URLSearchParams(fields).toString(),
});

describe("curator pages", () => {
  let setup: Awaited<ReturnType<typeof curatedApp>>;
  let cookie = "";
  let csrf = "";
  beforeAll(async () => {
    setup = await curatedApp({ signInLimiter: memorySignInLimiter({ maxFailures: 3, windowSeconds: 60 }) });
    const res = await setup.app.request(
      "http://localhost/login",
      form({ token: setup.curatorToken, next: "/queue" }),
    );
    cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    const page = await (await setup.app.request("http://localhost/queue", { headers: { cookie } })).text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  });
  const get = (path: string) => setup.app.request(`http://localhost${path}`, { headers: { cookie } });

  it("signs in with a token, sets a session cookie and shows the queue with why, sparklines and actions", async () => {
    expect(cookie).toMatch(/^kb_session=/);
    expect(csrf.length).toBeGreaterThan(20);
    const res = await get("/queue");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'none'");
    const html = await res.text();
    expect(html).toContain("signed in as cora (curator)");
    expect(html).toContain('data-testid="sparkline"');
    expect(html).toContain("issues in the last 90 days");
    expect(html).toContain('action="/queue/promote"');
  });

  it("marks the cookie Secure behind HTTPS", async () => {
    const res = await setup.app.request(
      "http://localhost/login",
      form({ token: setup.curatorToken }, { "x-forwarded-proto": "https" }),
    );
    expect(res.headers.get("set-cookie")).toMatch(/; Secure/);
  });

  it("sends a signed-out visitor to sign in and back, and never to another site", async () => {
    const res = await setup.app.request("http://localhost/queue");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fqueue");
    const away = await setup.app.request(
      "http://localhost/login",
      form({ token: TEST_ADMIN_TOKEN, next: "//evil.example" }),
    );
    expect(away.headers.get("location")).toBe("/queue");
  });

  it("rate-limits failed sign-ins per client with 429 and Retry-After", async () => {
    for (let i = 0; i < 3; i++)
      expect((await setup.app.request("http://localhost/login", form({ token: `wrong-${i}` }))).status).toBe(
        401,
      );
    const limited = await setup.app.request("http://localhost/login", form({ token: TEST_ADMIN_TOKEN }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("ignores, snoozes and restores from the queue page with the session's CSRF token", async () => {
    const html = await (await get("/queue")).text();
    const clusterId = /data-cluster="(cl_[^"]+)"/.exec(html)?.[1] ?? "";
    const post = (path: string, fields: Record<string, string>) =>
      setup.app.request(`http://localhost${path}`, form({ _csrf: csrf, clusterId, ...fields }, { cookie }));
    expect((await post("/queue/ignore", { reason: "a user error" })).status).toBe(303);
    expect(await (await get("/queue")).text()).not.toContain(`data-cluster="${clusterId}"`);
    expect(await (await get("/queue?state=ignored")).text()).toContain(`data-cluster="${clusterId}"`);
    expect((await post("/queue/restore", {})).status).toBe(303);
    expect((await post("/queue/snooze", { until: "2099-01-01" })).status).toBe(303);
    expect(await (await get("/queue?state=snoozed")).text()).toContain(`data-cluster="${clusterId}"`);
    expect((await post("/queue/restore", {})).status).toBe(303);
    expect((await post("/queue/ignore", { reason: "x", _csrf: "forged" })).status).toBe(403);
    const corrections = await (await get("/corrections")).text();
    expect(corrections).toContain("cluster.snooze");
    expect(corrections).toContain("cluster.ignore");
  });

  it("splits issues off and merges clusters from the curate page, in either direction", async () => {
    const html = await (await get("/queue?limit=3")).text();
    const [a, b] = [...html.matchAll(/data-cluster="(cl_[^"]+)"/g)].map((m) => m[1]!);
    const page = await (await get(`/clusters/${a}/curate`)).text();
    const issue = /name="issue" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const post = (path: string, fields: Record<string, string>) =>
      setup.app.request(`http://localhost${path}`, form({ _csrf: csrf, ...fields }, { cookie }));
    const split = await post(`/clusters/${a}/curate/split`, { issue, reason: "different fix" });
    expect(split.status).toBe(303);
    expect(split.headers.get("location")).toMatch(/^\/clusters\/cl_/);
    expect(split.headers.get("location")).not.toBe(`/clusters/${a}`);
    const merged = await post(`/clusters/${a}/curate/merge`, {
      other: b!,
      reason: "same problem",
      direction: "there",
    });
    expect(merged.headers.get("location")).toBe(`/clusters/${b}`);
    expect((await setup.app.request(`http://localhost/clusters/${a}`)).status).toBe(404);
    const rules = await (await get("/corrections")).text();
    expect(rules).toContain(`into ${b}`);
    expect((await post(`/clusters/${b}/curate/split`, { reason: "none ticked" })).status).toBe(400);
  });

  it("shows public entry pages to anyone and edit pages only to curators", async () => {
    expect((await setup.app.request("http://localhost/entries")).status).toBe(200);
    expect((await setup.app.request("http://localhost/entries/ent_missing")).status).toBe(404);
    const edit = await setup.app.request("http://localhost/entries/ent_missing/edit");
    expect(edit.status).toBe(303);
  });

  it("signs out, and the old cookie no longer works", async () => {
    const res = await setup.app.request("http://localhost/logout", form({ _csrf: csrf }, { cookie }));
    expect(res.status).toBe(303);
    expect((await get("/queue")).status).toBe(303);
  });
});
