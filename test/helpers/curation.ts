import { createToken } from "../../src/curation/tokens.js";
import type { Database } from "../../src/db/client.js";
import { auditLog } from "../../src/db/schema.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { seedCorpus } from "./seed.js";
import { makeTestApp, TEST_ADMIN_TOKEN } from "./test-app.js";

export const adminAuth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** A full app over the sample corpus, clustered and queued, plus a curator token. */
export async function curatedApp(options: Parameters<typeof makeTestApp>[0] = {}) {
  const setup = makeTestApp(options);
  await seedCorpus(setup.deps.database, corpus);
  const { reviewAfterRefresh } = await import("../../src/curation/review.js");
  await reviewAfterRefresh(setup.deps);
  const curator = await createToken(setup.deps, { role: "curator", label: "cora", actor: "test" });
  return { ...setup, curatorToken: curator.token, curatorAuth: { authorization: `Bearer ${curator.token}` } };
}

export async function auditActions(database: Database): Promise<string[]> {
  return (await database.db.select().from(auditLog)).map((a) => `${a.actor}:${a.action}`);
}

export const jsonHeaders = (auth: Record<string, string>) => ({
  ...auth,
  "content-type": "application/json",
});
