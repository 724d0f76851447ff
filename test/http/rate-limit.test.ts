import { type ServerType, serve } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import type { Clock } from "../../src/domain/clock.js";
import { signHmacSha256 } from "../../src/http/hmac.js";
import { RateLimiter, type RateLimiters } from "../../src/http/rate-limit.js";
import { nodeClientAddress } from "../../src/server.js";
import { expectProblem, makeTestApp } from "../helpers/test-app.js";

function movableClock(): Clock & { advance(ms: number): void } {
  let now = Date.parse("2026-11-26T12:00:00Z");
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

const limiters = (): RateLimiters => ({
  search: new RateLimiter({ name: "search", what: "searches", capacity: 2, perMinute: 2 }),
  read: new RateLimiter({ name: "read", what: "requests", capacity: 3, perMinute: 60 }),
});

/** An app whose client is whatever the test names in x-test-client (the entries use the socket or CF-Connecting-IP). */
function limitedApp(overrides: Parameters<typeof makeTestApp>[0] = {}) {
  const clock = movableClock();
  const made = makeTestApp({
    clock,
    rateLimiters: limiters(),
    clientAddress: (c) => c.req.header("x-test-client"),
    githubWebhookSecret: "webhook-secret-for-tests",
    ...overrides,
  });
  return { ...made, clock };
}

const from = (client: string, extra: Record<string, string> = {}) => ({
  headers: { "x-test-client": client, ...extra },
});

describe("rate limits", () => {
  it("answer a client over its search limit with 429 problem+json and Retry-After", async () => {
    const { app } = limitedApp();
    for (let i = 0; i < 2; i++)
      expect((await app.request("/api/search?q=boom", from("10.0.0.1"))).status).toBe(200);
    const refused = await app.request("/api/search?q=boom", from("10.0.0.1"));
    const problem = await expectProblem(refused, 429);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(problem.detail).toContain("too many searches");
  });

  it("count each client separately and let a client back in once its bucket refills", async () => {
    const { app, clock } = limitedApp();
    for (let i = 0; i < 3; i++) await app.request("/api/search?q=boom", from("10.0.0.1"));
    expect((await app.request("/api/search?q=boom", from("10.0.0.2"))).status).toBe(200);
    expect((await app.request("/api/search?q=boom", from("10.0.0.1"))).status).toBe(429);
    clock.advance(30_000);
    expect((await app.request("/api/search?q=boom", from("10.0.0.1"))).status).toBe(200);
  });

  it("count the search page and its form as searches, and other pages and API reads as reads", async () => {
    const { app } = limitedApp();
    await app.request("/?q=boom", from("a"));
    await app.request("/api/search", {
      method: "POST",
      headers: { "x-test-client": "a", "content-type": "application/json" },
      body: JSON.stringify({ q: "boom" }),
    });
    expect((await app.request("/?q=boom", from("a"))).status).toBe(429);
    // Reads have their own, separate budget of 3.
    const reads = [];
    for (const path of ["/", "/api/issues", "/no/such/page", "/api/clusters"])
      reads.push((await app.request(path, from("a"))).status);
    expect(reads).toEqual([200, 200, 404, 429]);
  });

  it("never limit Slack, the GitHub webhook or the health check", async () => {
    const { app } = limitedApp();
    const body = JSON.stringify({ zen: "hi" });
    const signature = `sha256=${await signHmacSha256("webhook-secret-for-tests", body)}`;
    for (let i = 0; i < 10; i++) {
      expect((await app.request("/healthz", from("a"))).status).toBe(200);
      const hook = await app.request("/github/webhook", {
        method: "POST",
        body,
        headers: { "x-test-client": "a", "x-github-event": "ping", "x-hub-signature-256": signature },
      });
      expect(hook.status).toBe(200);
      expect((await app.request("/slack/commands", { method: "POST", ...from("a") })).status).toBe(401);
    }
  });

  it("ignore X-Forwarded-For unless TRUST_PROXY is set, then take its last hop", async () => {
    const untrusting = limitedApp().app;
    for (let i = 0; i < 2; i++)
      await untrusting.request("/api/search?q=x", from("proxy", { "x-forwarded-for": `1.1.1.${i}` }));
    expect(
      (await untrusting.request("/api/search?q=x", from("proxy", { "x-forwarded-for": "1.1.1.9" }))).status,
    ).toBe(429);

    const trusting = limitedApp({ trustProxy: true }).app;
    for (let i = 0; i < 2; i++)
      await trusting.request("/api/search?q=x", from("proxy", { "x-forwarded-for": "6.6.6.6, 2.2.2.2" }));
    // The client may prepend anything; only the hop the proxy appended counts.
    const spoofed = await trusting.request(
      "/api/search?q=x",
      from("proxy", { "x-forwarded-for": "7.7.7.7, 2.2.2.2" }),
    );
    expect(spoofed.status).toBe(429);
    expect(
      (await trusting.request("/api/search?q=x", from("proxy", { "x-forwarded-for": "3.3.3.3" }))).status,
    ).toBe(200);
  });

  it("forget the least recently seen client when it holds too many", () => {
    const limiter = new RateLimiter({ name: "t", what: "requests", capacity: 1, perMinute: 1 }, 2);
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("b", 0).allowed).toBe(true);
    expect(limiter.take("a", 0).allowed).toBe(false);
    expect(limiter.take("c", 0).allowed).toBe(true); // b, seen least recently, is forgotten
    expect(limiter.take("b", 0).allowed).toBe(true);
  });

  describe("over real HTTP on Node", () => {
    let server: ServerType | undefined;
    afterEach(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });

    it("identify the client by its socket address, not by headers it sends", async () => {
      const { app } = limitedApp({ clientAddress: nodeClientAddress });
      const port = await new Promise<number>((resolve) => {
        server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port));
      });
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/api/search?q=boom`, {
          headers: { "x-test-client": `forged-${i}`, "cf-connecting-ip": `9.9.9.${i}` },
        });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      expect(statuses).toEqual([200, 200, 429]);
    });
  });
});
