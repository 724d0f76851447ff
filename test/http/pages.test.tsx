import { beforeAll, describe, expect, it } from "vitest";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";
import { makeTestApp } from "../helpers/test-app.js";
import { makeTestDb } from "../helpers/test-db.js";

const LINE = "TypeError: Object of type float32 is not JSON serializable";

describe("the search page", () => {
  const database = makeTestDb();
  const { app } = makeTestApp({ database });
  const post = (fields: Record<string, string>, origin = "http://localhost") =>
    app.request("http://localhost/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: new URLSearchParams(fields).toString(),
    });

  beforeAll(async () => {
    await seedCorpus(database, corpus);
  });

  it("shows an empty form with a doctype", async () => {
    const res = await app.request("/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<textarea id="q" name="q"');
    expect(html).toContain('method="post"');
  });

  it("answers a GET search with results, why they matched and links", async () => {
    const html = await (await app.request(`/?q=${encodeURIComponent(LINE)}`)).text();
    expect(html).toContain('data-testid="result"');
    expect(html).toMatch(/href="\/clusters\/cl_/);
    expect(html).toContain("same signature");
    expect(html).toContain("https://github.com/SeldonIO/");
  });

  it("answers a form POST from the same origin", async () => {
    const res = await post({ q: LINE, repo: "", component: "", version: "", state: "" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("JSON serializable");
  });

  it("refuses a cross-site form POST", async () => {
    const res = await post({ q: LINE }, "https://evil.example");
    expect(res.status).toBe(403);
  });

  it("escapes the pasted text and never renders it as markup", async () => {
    const html = await (await post({ q: '<script>alert("x")</script> Error: boom' })).text();
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain("&lt;script&gt;");
  });

  it("shows a clear message for an empty paste", async () => {
    const res = await post({ q: "  " });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("the text is empty");
  });

  it("shows a clear message for binary input", async () => {
    const res = await post({ q: "a\u0000b" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("binary");
  });

  it("shows a clear message for invalid UTF-8", async () => {
    const res = await app.request("/?q=%FF%FE");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("UTF-8");
  });

  it("shows a clear message for a paste above 64 KiB", async () => {
    const res = await post({ q: "x".repeat(64 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("64 KiB");
  });

  it("shows a clear message for an unknown filter", async () => {
    const res = await app.request("/?q=error&colour=red");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("unknown filter colour");
  });
});

describe("the cluster page", () => {
  const database = makeTestDb();
  const { app } = makeTestApp({ database });

  beforeAll(async () => {
    await seedCorpus(database, corpus);
  });

  it("shows the template, member issues with GitHub links and sample lines", async () => {
    const search = await (await app.request(`/api/search?q=${encodeURIComponent(LINE)}&limit=1`)).json();
    const id = (search as { results: { id: string }[] }).results[0]?.id ?? "";
    const html = await (await app.request(`/clusters/${id}`)).text();
    expect(html).toContain("JSON serializable");
    expect(html).toContain('href="https://github.com/SeldonIO/MLServer/issues/');
    expect(html).toContain("masked: ");
  });

  it("answers 404 for an unknown cluster", async () => {
    const res = await app.request("/clusters/cl_nope");
    expect(res.status).toBe(404);
  });
});
