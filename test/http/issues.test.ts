import { describe, expect, it } from "vitest";
import {
  saveRepoStatement,
  upsertCommentStatement,
  upsertIssueStatement,
} from "../../src/db/queries/ingest.js";
import { issueRow } from "../db/query-contract.js";
import { expectProblem, makeTestApp, readJson } from "../helpers/test-app.js";

async function seeded() {
  const setup = makeTestApp();
  const { database } = setup.deps;
  const { db } = database;
  await database.atomic([
    saveRepoStatement(db, "seldonio/seldon-core", "SeldonIO/seldon-core", null),
    ...[1, 2, 3].map((n) => upsertIssueStatement(db, issueRow(n, { isPullRequest: n === 2 }))),
    upsertCommentStatement(db, {
      id: 11,
      repoKey: "seldonio/seldon-core",
      issueNumber: 1,
      htmlUrl: "https://github.com/SeldonIO/seldon-core/issues/1#issuecomment-11",
      createdAt: "2024-01-03T00:00:00Z",
      updatedAt: "2024-01-03T00:00:00Z",
    }),
  ]);
  return setup;
}

describe("GET /api/issues", () => {
  it("lists everything ingested, flags pull requests and counts stored comments", async () => {
    const { app } = await seeded();
    const response = await app.request("/api/issues?repo=seldonio/SELDON-core");
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(body.nextCursor).toBeNull();
    expect(body.issues).toHaveLength(3);
    expect(body.issues[0]).toMatchObject({
      repo: "SeldonIO/seldon-core",
      number: 1,
      state: "open",
      isPullRequest: false,
      commentCount: 1,
      clusterId: null,
    });
    expect(body.issues[1].isPullRequest).toBe(true);
  });

  it("pages with an opaque cursor until nextCursor is null", async () => {
    const { app } = await seeded();
    const seen: number[] = [];
    let url = "/api/issues?limit=2";
    for (let i = 0; i < 5; i++) {
      const body = await readJson(await app.request(url));
      seen.push(...body.issues.map((issue: { number: number }) => issue.number));
      if (!body.nextCursor) break;
      url = `/api/issues?limit=2&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    expect(seen).toEqual([1, 2, 3]);
  });

  it.each([
    ["/api/issues?limit=0", 400, "limit"],
    ["/api/issues?limit=101", 400, "limit"],
    ["/api/issues?limit=abc", 400, "limit"],
    ["/api/issues?cursor=not-a-cursor", 400, "cursor"],
    ["/api/issues?cursor=eyJ4IjoxfQ", 400, "cursor"],
    ["/api/issues?repo=not a repo", 400, "repo"],
    ["/api/issues?repo=SeldonIO/unknown", 404, "repo"],
  ])("answers %s with a problem+json %i", async (url, status, field) => {
    const { app } = await seeded();
    const problem = await expectProblem(await app.request(url), status);
    expect(problem.detail).toContain(field);
  });
});

describe("service routes", () => {
  it("answers /healthz", async () => {
    const { app } = makeTestApp();
    const response = await app.request("/healthz");
    expect(await response.json()).toEqual({ ok: true });
  });

  it("serves an OpenAPI 3 document naming every /api route", async () => {
    const { app } = makeTestApp();
    const doc = await readJson(await app.request("/openapi.json"));
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain("/api/issues");
  });

  it("answers an unknown route with a problem+json 404", async () => {
    const { app } = makeTestApp();
    await expectProblem(await app.request("/api/nope"), 404);
  });
});
