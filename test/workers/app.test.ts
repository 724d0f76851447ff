import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("the Worker", () => {
  it("answers /healthz over D1", async () => {
    const response = await SELF.fetch("http://kb.test/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("lists issues from D1 and answers bad input with problem+json", async () => {
    const ok = await SELF.fetch("http://kb.test/api/issues?limit=5");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ issues: [], nextCursor: null });
    const bad = await SELF.fetch("http://kb.test/api/issues?limit=0");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
  });
});
