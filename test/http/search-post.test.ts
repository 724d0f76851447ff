import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../../src/emulators/github-types.js";
import { seedCorpus } from "../helpers/seed.js";
import { expectProblem, makeTestApp, readJson } from "../helpers/test-app.js";

const corpus = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/sample-corpus.json"), "utf8"),
) as Corpus;

const post = (app: ReturnType<typeof makeTestApp>["app"], body: string, type = "application/json") =>
  app.request("/api/search", { method: "POST", body, headers: { "content-type": type } });

describe("POST /api/search", () => {
  const setup = makeTestApp();
  beforeAll(async () => {
    await seedCorpus(setup.deps.database, corpus);
  });

  it("finds the cluster for a long log sent as JSON, as GET does for a short one", async () => {
    const error = "Failed to schedule model as no matching servers are available";
    const noise = Array.from(
      { length: 400 },
      (_, i) => `2024-03-01T10:00:${String(i % 60).padStart(2, "0")}Z INFO agent heartbeat ok seq=${i}`,
    );
    const log = [
      ...noise.slice(0, 200),
      `time="2024-03-01T10:03:00Z" level=warn msg="${error}" model=iris`,
      ...noise.slice(200),
    ].join("\n");
    expect(log.length).toBeGreaterThan(16 * 1024);
    const viaPost = await readJson(await post(setup.app, JSON.stringify({ q: log, limit: 3 })));
    const viaGet = await readJson(
      await setup.app.request(`/api/search?limit=3&q=${encodeURIComponent(error)}`),
    );
    expect(viaPost.results[0].clusterId).toBe(viaGet.results[0].clusterId);
    expect(viaPost.results[0].template).toContain("no matching servers are available");
  });

  it.each([
    ["an empty text", 400, JSON.stringify({ q: "   " })],
    ["an unknown filter", 400, JSON.stringify({ q: "x", colour: "red" })],
    ["a limit out of range", 400, JSON.stringify({ q: "x", limit: 500 })],
    ["malformed JSON", 400, "{ q: "],
    ["a text over 64 KiB", 413, JSON.stringify({ q: "a".repeat(70 * 1024) })],
    ["a body over 96 KiB", 413, JSON.stringify({ q: "é".repeat(60 * 1024) })],
  ])("answers %s with a problem+json %i", async (_what, status, body) => {
    await expectProblem(await post(setup.app, body), status);
  });

  it("answers a non-JSON body with a problem+json 4xx", async () => {
    const response = await post(setup.app, "q=hello", "application/x-www-form-urlencoded");
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });
});
