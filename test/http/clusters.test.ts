import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { issues } from "../../src/db/schema.js";
import type { Corpus } from "../../src/emulators/github-types.js";
import { seedCorpus } from "../helpers/seed.js";
import { expectProblem, makeTestApp, readJson } from "../helpers/test-app.js";

const corpus = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/sample-corpus.json"), "utf8"),
) as Corpus;

describe("cluster routes", () => {
  const setup = makeTestApp();
  beforeAll(async () => {
    await seedCorpus(setup.deps.database, corpus);
  });

  it("pages through every cluster, largest first, each listing every member issue", async () => {
    const seen: { id: string; issueCount: number; issues: unknown[] }[] = [];
    let url = "/api/clusters?limit=7";
    for (let i = 0; i < 20; i++) {
      const body = await readJson(await setup.app.request(url));
      seen.push(...body.clusters);
      if (!body.nextCursor) break;
      url = `/api/clusters?limit=7&cursor=${body.nextCursor}`;
    }
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
    const stored = await setup.deps.database.db.selectDistinct({ id: issues.clusterId }).from(issues);
    expect(seen.length).toBe(stored.filter((r) => r.id !== null).length);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i - 1]!.issueCount).toBeGreaterThanOrEqual(seen[i]!.issueCount);
    for (const cluster of seen) expect(cluster.issues).toHaveLength(cluster.issueCount);
    const clustered = seen.reduce((n, c) => n + c.issueCount, 0);
    const withFamily = Object.values(corpus.families).filter(Boolean).length;
    expect(clustered).toBe(withFamily);
  });

  it("shows why a cluster's members are grouped: signatures, raw lines and masked values", async () => {
    const list = await readJson(await setup.app.request("/api/clusters?limit=1"));
    const id = list.clusters[0].id;
    const detail = await readJson(await setup.app.request(`/api/clusters/${id}`));
    expect(detail).toMatchObject({
      id,
      template: expect.any(String),
      issueCount: list.clusters[0].issueCount,
    });
    expect(detail.signatures.length).toBeGreaterThan(0);
    expect(detail.samples.length).toBeGreaterThan(0);
    for (const sample of detail.samples) {
      expect(sample.line.length).toBeGreaterThan(0);
      expect(Array.isArray(sample.masked)).toBe(true);
    }
    expect(detail.samples.some((s: { masked: unknown[] }) => s.masked.length > 0)).toBe(true);
    // Every member is explained, and every tie names another member of this cluster.
    const members = new Set(
      detail.issues.map((i: { repo: string; number: number }) => `${i.repo}#${i.number}`),
    );
    expect(detail.ties).toHaveLength(detail.issueCount);
    for (const t of detail.ties) {
      expect(members.has(`${t.repo}#${t.number}`)).toBe(true);
      expect(t.tiedBy.length).toBeGreaterThan(0);
      for (const by of t.tiedBy) {
        expect(members.has(by.with)).toBe(true);
        expect(by.with).not.toBe(`${t.repo}#${t.number}`);
        expect(by.weight).toBeGreaterThan(0);
      }
    }
    const page = await (await setup.app.request(`/clusters/${id}`)).text();
    expect(page).toContain("shares <code>");
    expect(page).toContain(`with ${detail.ties[0].tiedBy[0].with}`);
  });

  it.each([
    ["/api/clusters?limit=0", 400],
    ["/api/clusters?limit=1000", 400],
    ["/api/clusters?cursor=%%%", 400],
    ["/api/clusters?cursor=bm90LWpzb24", 400],
    ["/api/clusters/cl_does_not_exist", 404],
  ])("answers %s with a problem+json %i", async (url, status) => {
    await expectProblem(await setup.app.request(url), status);
  });
});
