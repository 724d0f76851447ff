import { beforeAll, describe, expect, it } from "vitest";
import { archiveEntry, promoteCluster, publishEntry, updateEntry } from "../../src/curation/entries.js";
import { CurationError, StaleVersionError } from "../../src/curation/errors.js";
import { listQueue } from "../../src/curation/queue-page.js";
import { entryVersions } from "../../src/db/schema.js";
import { auditActions, curatedApp } from "../helpers/curation.js";

describe("entries as curators make them", () => {
  let setup: Awaited<ReturnType<typeof curatedApp>>;
  beforeAll(async () => {
    setup = await curatedApp();
  });

  it("promotes the top queue item into a prefilled draft, edits it in versions, publishes it, and audits each step", async () => {
    const { deps } = setup;
    const top = (await listQueue(deps, { limit: 1 })).items[0]!;
    const draft = await promoteCluster(deps, { clusterId: top.clusterId!, actor: "ana" });
    expect(draft).toMatchObject({ state: "draft", version: 1, clusterId: top.clusterId });
    expect(draft.sourceIssues.length).toBeGreaterThan(1);
    expect(draft.candidateFixes.length).toBeGreaterThan(0);
    await expect(promoteCluster(deps, { clusterId: top.clusterId!, actor: "ana" })).rejects.toThrow(
      /already has entry/,
    );

    await expect(publishEntry(deps, { id: draft.id, actor: "ana" })).rejects.toThrow(/cause is empty/);
    const edited = await updateEntry(deps, {
      id: draft.id,
      expectedVersion: 1,
      patch: { cause: "Too small a limit.", resolution: "Raise the limit." },
      actor: "ana",
    });
    expect(edited.version).toBe(2);
    const published = await publishEntry(deps, { id: draft.id, actor: "ben" });
    expect(published).toMatchObject({ state: "published", version: 3 });
    expect(published.verifiedAt).not.toBeNull();
    expect(published.reviewedIssueKeys.length).toBe(draft.sourceIssues.length);
    const archived = await archiveEntry(deps, { id: draft.id, actor: "ben", reason: "superseded" });
    expect(archived).toMatchObject({ state: "archived", version: 4 });

    const versions = await deps.database.db.select().from(entryVersions);
    expect(versions.filter((v) => v.entryId === draft.id).map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect(await auditActions(deps.database)).toEqual(
      expect.arrayContaining([
        "ana:cluster.promote",
        "ana:entry.update",
        "ben:entry.publish",
        "ben:entry.archive",
      ]),
    );
  });

  it("refuses an edit made on an old version with the current entry, so nothing is lost", async () => {
    const { deps } = setup;
    const item = (await listQueue(deps, { limit: 1, state: "new" })).items[0]!;
    const draft = await promoteCluster(deps, { clusterId: item.clusterId!, actor: "ana" });
    await updateEntry(deps, { id: draft.id, expectedVersion: 1, patch: { cause: "first" }, actor: "ana" });
    const stale = updateEntry(deps, {
      id: draft.id,
      expectedVersion: 1,
      patch: { cause: "second" },
      actor: "ben",
    });
    await expect(stale).rejects.toBeInstanceOf(StaleVersionError);
    const error = (await stale.catch((e: unknown) => e)) as StaleVersionError;
    expect(error.current).toMatchObject({ version: 2, cause: "first" });
  });

  it("leaves the queue once published and comes back as a stale entry when flagged", async () => {
    const { deps } = setup;
    const item = (await listQueue(deps, { limit: 1, state: "new" })).items[0]!;
    const draft = await promoteCluster(deps, { clusterId: item.clusterId!, actor: "ana" });
    const queued = (await listQueue(deps, { limit: 100 })).items.find((i) => i.clusterId === item.clusterId);
    expect(queued).toMatchObject({ state: "draft", entryId: draft.id });
    await updateEntry(deps, {
      id: draft.id,
      expectedVersion: 1,
      patch: { cause: "c", resolution: "r" },
      actor: "ana",
    });
    await publishEntry(deps, { id: draft.id, actor: "ana" });
    const after = (await listQueue(deps, { limit: 100 })).items;
    expect(after.some((i) => i.clusterId === item.clusterId && i.kind === "cluster")).toBe(false);
    await expect(archiveEntry(deps, { id: "ent_nope", actor: "x" })).rejects.toBeInstanceOf(CurationError);
  });
});
