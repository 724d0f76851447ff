import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { insertEntry, seedExportFixture } from "../helpers/export-entries.js";
import { expectProblem, makeTestApp, readJson, TEST_ADMIN_TOKEN } from "../helpers/test-app.js";

const GOLDEN = resolve(import.meta.dirname, "../fixtures/export/golden");

async function app() {
  const made = makeTestApp();
  await seedExportFixture(made.deps.database);
  return made.app;
}

describe("GET /api/entries/:id/markdown", () => {
  it("answers a published entry with the same page the export writes, as text/markdown", async () => {
    const res = await (await app()).request("/api/entries/ent_sched_nomatch/markdown");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'inline; filename="model-stuck-in-schedulefailed-no-matching-servers-are-available.md"',
    );
    const golden = readFileSync(
      `${GOLDEN}/core-v2/docs-gb/troubleshooting/model-stuck-in-schedulefailed-no-matching-servers-are-available.md`,
      "utf8",
    );
    expect(await res.text()).toBe(golden);
  });

  it("answers 404 problem+json for an unknown id and 400 for an absurd one", async () => {
    const a = await app();
    const missing = await expectProblem(await a.request("/api/entries/ent_nope/markdown"), 404);
    expect(missing.detail).toBe("entry ent_nope does not exist");
    await expectProblem(await a.request(`/api/entries/${"x".repeat(201)}/markdown`), 400);
  });

  it("hides drafts from the public (404, so ids do not leak) and shows them to a curator", async () => {
    const a = await app();
    await expectProblem(await a.request("/api/entries/ent_draft_only/markdown"), 404);
    await expectProblem(
      await a.request("/api/entries/ent_draft_only/markdown", {
        headers: { authorization: "Bearer not-the-admin" },
      }),
      401,
    );
    const res = await a.request("/api/entries/ent_draft_only/markdown", {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("# A draft that must not be exported");
  });

  it("renders an entry nobody filled in without failing", async () => {
    const made = makeTestApp();
    await insertEntry(made.deps.database, { id: "ent_bare", title: "Bare" });
    const text = await (await made.app.request("/api/entries/ent_bare/markdown")).text();
    expect(text).toContain("## Cause\n\nThe cause has not been written up yet.");
  });

  it("is described in the OpenAPI document", async () => {
    const doc = await readJson(await (await app()).request("/openapi.json"));
    expect(Object.keys(doc.paths["/api/entries/{id}/markdown"].get.responses["200"].content)).toEqual([
      "text/markdown",
    ]);
  });
});
