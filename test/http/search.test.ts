import { beforeAll, describe, expect, it } from "vitest";
import { searchLog } from "../../src/db/schema.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";
import { expectProblem, makeTestApp, readJson } from "../helpers/test-app.js";
import { makeTestDb } from "../helpers/test-db.js";

const JSON_LINE = "TypeError: Object of type float32 is not JSON serializable";

describe("GET /api/search", () => {
  const database = makeTestDb();
  const { app } = makeTestApp({ database });
  const get = (query: string) => app.request(`/api/search?${query}`);

  beforeAll(async () => {
    await seedCorpus(database, corpus);
  });

  it("answers a pasted error line with its cluster first, the matched signature and why", async () => {
    const res = await get(`q=${encodeURIComponent(JSON_LINE)}&limit=3`);
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.query).toBe(JSON_LINE);
    expect(body.matchedSignature).toMatch(/^sig_/);
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(3);
    const [top] = body.results;
    expect(top).toMatchObject({
      type: "cluster",
      signature: body.matchedSignature,
      template: expect.stringContaining("JSON serializable"),
    });
    expect(top.clusterId).toBe(top.id);
    expect(top.issues[0]).toMatchObject({
      repo: expect.any(String),
      number: expect.any(Number),
      url: expect.stringContaining("github.com"),
    });
    expect(top.why[0]).toMatchObject({ kind: "signature", line: JSON_LINE, masked: [{ value: "float32" }] });
    expect(top.snippet).toContain("JSON serializable");
  });

  it("finds the error inside a whole pasted log", async () => {
    const log = [
      'INFO:     10.1.2.3:40579 - "GET /v2/health/live HTTP/1.1" 200 OK',
      "Traceback (most recent call last):",
      '  File "/opt/conda/lib/python3.9/site-packages/seldon_core/wrapper.py", line 61, in Predict',
      "TypeError: Object of type int64 is not JSON serializable",
      'INFO:     10.1.2.4:40579 - "POST /v2/models/iris/infer HTTP/1.1" 500 Internal Server Error',
    ].join("\n");
    const body = await readJson(await get(`q=${encodeURIComponent(log)}`));
    expect(body.results[0].template).toContain("JSON serializable");
    expect(body.results[0].why[0].line).toContain("int64");
  });

  it("restricts results to the repo filter", async () => {
    const body = await readJson(await get(`q=${encodeURIComponent(JSON_LINE)}&repo=SeldonIO/seldon-core`));
    for (const r of body.results)
      expect(r.issues.some((i: { repo: string }) => i.repo === "SeldonIO/seldon-core")).toBe(true);
  });

  it("logs every query with its best score", async () => {
    await get(`q=${encodeURIComponent("no healthy upstream")}`);
    const rows = await database.db.select().from(searchLog);
    const row = rows.find((r) => r.query === "no healthy upstream");
    expect(row?.bestScore).toBeGreaterThan(0);
    expect(row?.resultCount).toBeGreaterThan(0);
  });

  it("rejects an empty query with a 400", async () => {
    await expectProblem(await get("q="), 400);
  });

  it("rejects a whitespace-only query with a 400", async () => {
    const problem = await expectProblem(await get("q=%20%0A%20"), 400);
    expect(problem.detail).toContain("empty");
  });

  it("rejects a missing q with a 400", async () => {
    await expectProblem(await get("limit=3"), 400);
  });

  it("rejects a query above 64 KiB with a 413", async () => {
    const problem = await expectProblem(await get(`q=${"a".repeat(64 * 1024 + 1)}`), 413);
    expect(problem.detail).toContain("64 KiB");
  });

  it("accepts a query of exactly 64 KiB", async () => {
    const res = await get(`q=${"error ".repeat(Math.floor((64 * 1024) / 6))}`);
    expect(res.status).toBe(200);
  });

  it("rejects binary input with NUL bytes with a 400", async () => {
    const problem = await expectProblem(await get("q=abc%00%01def"), 400);
    expect(problem.detail).toContain("binary");
  });

  it("rejects invalid UTF-8 with a 400", async () => {
    const problem = await expectProblem(await get("q=caf%FF%FE"), 400);
    expect(problem.detail).toContain("UTF-8");
  });

  it("rejects an unknown filter with a 400 naming it", async () => {
    const problem = await expectProblem(await get("q=error&colour=red"), 400);
    expect(problem.detail).toContain("colour");
  });

  it("rejects an unknown state with a 400", async () => {
    await expectProblem(await get("q=error&state=sideways"), 400);
  });

  it("rejects a limit out of range with a 400", async () => {
    await expectProblem(await get("q=error&limit=0"), 400);
  });

  it("never answers a 500 to arbitrary bytes in q", async () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 40; i++) {
      const bytes = Array.from(
        { length: 1 + (next() % 300) },
        () => `%${(next() % 256).toString(16).padStart(2, "0")}`,
      ).join("");
      const res = await get(`q=${bytes}`);
      expect(res.status).toBeLessThan(500);
    }
  });

  it("is described in the OpenAPI document", async () => {
    const doc = await readJson(await app.request("/openapi.json"));
    expect(doc.paths["/api/search"].get).toBeDefined();
  });
});
