import { afterEach, describe, expect, it } from "vitest";
import { upsertCommentStatement, upsertIssueStatement } from "../../src/db/queries/ingest.js";
import { loadRefreshState, markRefreshPendingStatement } from "../../src/db/queries/refresh.js";
import type { GitHubEmulator } from "../../src/emulators/github-emulator.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { issueRow } from "../db/query-contract.js";
import { corpusOf, emulatorFor, ingest } from "../github/sync-harness.js";
import { makeTestDb } from "../helpers/test-db.js";
import { isPending, NOW } from "./harness.js";

let emulator: GitHubEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("the refresh marker", () => {
  it("is committed by every sync page that changed rows, and not by a re-sync that only saw 304s", async () => {
    const database = makeTestDb();
    emulator = await emulatorFor({ corpus: corpusOf(250, 2) });
    await ingest(database, emulator.url);
    const afterSync = await loadRefreshState(database.db);
    // 250 issues and ~500 comments in pages of 100: one marker a changed page.
    expect(afterSync?.generation).toBeGreaterThanOrEqual(8);
    expect(await isPending(database)).toBe(true);
    const again = await ingest(database, emulator.url);
    expect(again.notModified).toBe(again.requests);
    expect((await loadRefreshState(database.db))?.generation).toBe(afterSync?.generation);
  });

  it("is committed with a webhook-shaped store, and never without the rows it stands for", async () => {
    const database = makeTestDb();
    await storeGitHubItems(database, { issues: [], comments: [] }, NOW);
    expect(await isPending(database)).toBe(false);
    const broken = upsertCommentStatement(database.db, {
      id: 1,
      repoKey: "seldonio/seldon-core",
      issueNumber: 1,
      htmlUrl: "x",
      createdAt: NOW,
      updatedAt: null as unknown as string, // NOT NULL: the group fails
    });
    await expect(
      database.atomic([
        upsertIssueStatement(database.db, issueRow(1)),
        broken,
        markRefreshPendingStatement(database.db, NOW),
      ]),
    ).rejects.toThrow();
    expect(await isPending(database)).toBe(false);
  });
});
