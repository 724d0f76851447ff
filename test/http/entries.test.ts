import { beforeAll, describe, expect, it } from "vitest";
import { adminAuth, auditActions, curatedApp, jsonHeaders } from "../helpers/curation.js";
import { expectProblem, readJson } from "../helpers/test-app.js";

describe("entry and queue routes", () => {
  let setup: Awaited<ReturnType<typeof curatedApp>>;
  beforeAll(async () => {
    setup = await curatedApp();
  });
  const req = (path: string, init: RequestInit = {}) => setup.app.request(path, init);

  it("lists the queue with each score broken down, and filters it", async () => {
    const body = await readJson(await req("/api/queue?limit=5", { headers: setup.curatorAuth }));
    expect(body.items).toHaveLength(5);
    for (let i = 1; i < body.items.length; i++)
      expect(body.items[i - 1].score).toBeGreaterThanOrEqual(body.items[i].score);
    const [first] = body.items;
    expect(first.kind).toBe("cluster");
    const sum = Object.values(first.why.points as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(first.score, 5);
    expect(first.activity).toHaveLength(12);
    const next = await readJson(
      await req(`/api/queue?limit=5&cursor=${body.nextCursor}`, { headers: setup.curatorAuth }),
    );
    expect(next.items.map((i: { id: string }) => i.id)).not.toContain(first.id);
    const mlserver = await readJson(
      await req("/api/queue?limit=100&repo=SeldonIO/MLServer", { headers: setup.curatorAuth }),
    );
    expect(mlserver.items.length).toBeGreaterThan(0);
    for (const item of mlserver.items) expect(item.repos).toContain("SeldonIO/MLServer");
    await expectProblem(await req("/api/queue?state=bogus", { headers: setup.curatorAuth }), 400);
  });

  it("promotes, edits under If-Match, answers 412 to a stale version and 428 without one, and publishes", async () => {
    const queue = await readJson(await req("/api/queue?limit=1&state=new", { headers: setup.curatorAuth }));
    const clusterId = queue.items[0].clusterId;
    const promoted = await req(`/api/clusters/${clusterId}/promote`, {
      method: "POST",
      headers: setup.curatorAuth,
    });
    expect(promoted.status).toBe(201);
    const draft = await readJson(promoted);
    expect(draft.candidateFixes.length).toBeGreaterThan(0);
    expect(draft.candidateFixes[0]).toMatchObject({
      text: expect.any(String),
      url: expect.stringContaining("issuecomment"),
      author: expect.any(String),
      why: expect.any(String),
    });

    // Drafts are invisible to the public (404, not 403), visible to curators.
    await expectProblem(await req(`/api/entries/${draft.id}`), 404);
    const got = await req(`/api/entries/${draft.id}`, { headers: setup.curatorAuth });
    expect(got.headers.get("etag")).toBe('"1"');

    const patch = (ifMatch: string | undefined, body: unknown) =>
      req(`/api/entries/${draft.id}`, {
        method: "PATCH",
        headers: { ...jsonHeaders(setup.curatorAuth), ...(ifMatch ? { "if-match": ifMatch } : {}) },
        body: JSON.stringify(body),
      });
    await expectProblem(await patch(undefined, { cause: "x" }), 428);
    await expectProblem(await patch('"1"', { bogus: 1 }), 400);
    const saved = await patch('"1"', {
      cause: "The worker runs out of memory.",
      resolution: "Raise the **memory** limit.",
    });
    expect(saved.status).toBe(200);
    expect(saved.headers.get("etag")).toBe('"2"');
    const stale = await patch('"1"', { cause: "Someone else's idea" });
    const problem = await expectProblem(stale, 412);
    expect(problem.detail).toContain("version 2");
    expect(stale.headers.get("etag")).toBe('"2"');

    const published = await req(`/api/entries/${draft.id}/publish`, {
      method: "POST",
      headers: setup.curatorAuth,
    });
    expect(published.status).toBe(200);
    expect((await readJson(published)).state).toBe("published");
    const pub = await readJson(await req(`/api/entries/${draft.id}`));
    expect(pub).toMatchObject({ state: "published", version: 3, candidateFixes: [] });
    const versions = await readJson(await req(`/api/entries/${draft.id}/versions`));
    expect(versions.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const md = await req(`/api/entries/${draft.id}/markdown`);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(await md.text()).toContain("## Resolution\n\nRaise the **memory** limit.");
    const list = await readJson(await req("/api/entries"));
    expect(list.entries.map((e: { id: string }) => e.id)).toContain(draft.id);

    // The published entry answers a search for its error first, resolution first.
    const search = await readJson(
      await req(`/api/search?q=${encodeURIComponent(draft.errorSignatures[0].replaceAll("<*>", "x"))}`),
    );
    expect(search.results[0]).toMatchObject({
      type: "entry",
      id: draft.id,
      snippet: "Raise the memory limit.",
    });
  });

  it("refuses to publish without a cause and resolution (422) and to promote twice (409)", async () => {
    const queue = await readJson(await req("/api/queue?limit=1&state=new", { headers: setup.curatorAuth }));
    const clusterId = queue.items[0].clusterId;
    const draft = await readJson(
      await req(`/api/clusters/${clusterId}/promote`, { method: "POST", headers: adminAuth }),
    );
    await expectProblem(
      await req(`/api/entries/${draft.id}/publish`, { method: "POST", headers: adminAuth }),
      422,
    );
    await expectProblem(
      await req(`/api/clusters/${clusterId}/promote`, { method: "POST", headers: adminAuth }),
      409,
    );
    await expectProblem(await req("/api/clusters/nope/promote", { method: "POST", headers: adminAuth }), 404);
    await expectProblem(
      await req("/api/clusters/merge", {
        method: "POST",
        headers: jsonHeaders(adminAuth),
        body: JSON.stringify({ clusterIds: ["a"], reason: "r" }),
      }),
      400,
    );
    expect(await auditActions(setup.deps.database)).toEqual(
      expect.arrayContaining([
        "cora:cluster.promote",
        "cora:entry.update",
        "cora:entry.publish",
        "admin (KB_ADMIN_TOKEN):cluster.promote",
      ]),
    );
  });

  it("creates, lists and revokes tokens for admins; a revoked token stops at once", async () => {
    const created = await req("/api/tokens", {
      method: "POST",
      headers: jsonHeaders(adminAuth),
      body: JSON.stringify({ role: "curator", label: "temp" }),
    });
    expect(created.status).toBe(201);
    const { token, info } = await readJson(created);
    expect((await req("/api/queue?limit=1", { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );
    expect((await req(`/api/tokens/${info.id}`, { method: "DELETE", headers: adminAuth })).status).toBe(200);
    await expectProblem(
      await req("/api/queue?limit=1", { headers: { authorization: `Bearer ${token}` } }),
      401,
    );
    const list = await readJson(await req("/api/tokens", { headers: adminAuth }));
    expect(JSON.stringify(list)).not.toContain(token);
    expect(list.tokens.find((t: { id: string }) => t.id === info.id).revokedAt).not.toBeNull();
    expect(await auditActions(setup.deps.database)).toEqual(
      expect.arrayContaining(["admin (KB_ADMIN_TOKEN):token.create", "admin (KB_ADMIN_TOKEN):token.revoke"]),
    );
  });
});
