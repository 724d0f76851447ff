import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { promoteCluster, publishEntry, updateEntry } from "../../src/curation/entries.js";
import { listQueue } from "../../src/curation/queue-page.js";
import { listClusters } from "../../src/db/queries/clusters.js";
import { getEntry } from "../../src/db/queries/entries.js";
import { issues } from "../../src/db/schema.js";
import type { GitHubEmulator } from "../../src/emulators/github-emulator.js";
import type { Corpus } from "../../src/emulators/github-types.js";
import { refreshNow } from "../../src/refresh/now.js";
import { emulatorFor, ingest } from "../github/sync-harness.js";
import { auditActions } from "../helpers/curation.js";
import { makeTestDb } from "../helpers/test-db.js";

const corpus = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/sample-corpus.json"), "utf8"),
) as Corpus;
// Just after the corpus's newest event: the emulator's own changes come one second after it.
const newest = [...corpus.issues.map((i) => i.updated_at), ...corpus.comments.map((c) => c.updated_at)]
  .sort()
  .at(-1)!;
let now = new Date(Date.parse(newest) + 500);
const clock = { now: () => new Date(now) };

let emulator: GitHubEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("staleness review after a refresh", () => {
  it("flags a published entry with each reason, puts it first in the queue, and clears it on re-verification", async () => {
    emulator = await emulatorFor({ corpus: structuredClone(corpus) });
    const deps = { database: makeTestDb(), clock };
    await ingest(deps.database, emulator.url);
    await refreshNow(deps, "test");
    const rows = await deps.database.db.select().from(issues);
    const target = (await listClusters(deps.database.db, { limit: 40 })).find((c) =>
      rows.some((r) => r.clusterId === c.id && r.repo === "SeldonIO/MLServer" && r.state === "closed"),
    )!;
    const members = rows.filter((r) => r.clusterId === target.id);
    const source = members.find((r) => r.state === "closed")!;
    const entry = await promoteCluster(deps, { clusterId: target.id, actor: "ana" });
    await updateEntry(deps, {
      id: entry.id,
      expectedVersion: 1,
      patch: { cause: "c", resolution: "r", affectedVersions: ["MLServer 1.3.5"] },
      actor: "ana",
    });
    await publishEntry(deps, { id: entry.id, actor: "ana" });
    await refreshNow(deps, "test");
    expect((await getEntry(deps.database.db, entry.id))?.state).toBe("published");

    const like = members.find((r) => r.repo === "SeldonIO/MLServer" && r.body.includes("```")) ?? source;
    const added = emulator.mutate.addIssue("SeldonIO/MLServer", {
      title: like.title,
      body: `${like.body}\n\nMLServer: 1.6.1`,
    });
    emulator.mutate.editIssue(source.repo, source.number, { state: "open" });
    await ingest(deps.database, emulator.url);
    await refreshNow(deps, "test");

    const flagged = await getEntry(deps.database.db, entry.id);
    expect(flagged?.state).toBe("needs-review");
    const key = `SeldonIO/MLServer#${added.number}`;
    expect(flagged?.reviewReasons).toEqual(
      expect.arrayContaining([
        `${key} joined the cluster after the entry was published`,
        `${source.repo}#${source.number} was reopened after the entry was published`,
        `${key} reports MLServer 1.6.1, newer than the entry covers`,
      ]),
    );
    const top = (await listQueue(deps, { limit: 1 })).items[0];
    expect(top).toMatchObject({ kind: "stale-entry", entryId: entry.id, state: "needs-review" });

    // A curator re-verifies later that day; nothing that came before counts again.
    now = new Date(now.getTime() + 3_600_000);
    await publishEntry(deps, { id: entry.id, actor: "ben" });
    await refreshNow(deps, "test");
    expect(await getEntry(deps.database.db, entry.id)).toMatchObject({
      state: "published",
      reviewReasons: [],
    });
    expect(await auditActions(deps.database)).toEqual(
      expect.arrayContaining(["staleness-review:entry.needs-review", "ben:entry.reverify"]),
    );
  });
});
