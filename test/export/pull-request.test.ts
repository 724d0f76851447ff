import { afterEach, describe, expect, it } from "vitest";
import { buildAllDocsSets } from "../../src/export/docs-sets.js";
import { editEntry } from "../helpers/export-entries.js";
import { MAINTAINER, type PrHarness, startPrHarness } from "./pr-harness.js";

let h: PrHarness | undefined;
afterEach(async () => {
  await h?.emu.close();
  h = undefined;
});

const FORK = "kb-contributor/seldon-core";
const BRANCH = "kb/troubleshooting";

async function expectedFiles(harness: PrHarness) {
  const sets = await buildAllDocsSets(harness.database, (key) =>
    key === "core-v2" ? (harness.fileAt("SeldonIO/seldon-core", "v2", "docs-gb/SUMMARY.md") ?? "") : "",
  );
  return sets.find((s) => s.target.key === "core-v2")?.files ?? [];
}

describe("docs pull request, contributor without push access", () => {
  it("forks, waits for the fork, commits every file once on kb/troubleshooting and opens the PR against v2", async () => {
    h = await startPrHarness({ forkPendingPolls: 2 });
    const forkGets: string[] = [];
    h.emu.onRequest(({ method, path }) => {
      if (method === "GET" && path === `/repos/${FORK}`) forkGets.push(path);
    });
    const baseBefore = h.branchHead("SeldonIO/seldon-core", "v2");
    const outcome = await h.run();
    expect(outcome.kind).toBe("opened");
    expect(outcome.forked).toBe(true);
    // One look for an existing fork, two polls answered 404 while it was created, one that found it.
    expect(forkGets.length).toBe(4);
    expect(outcome.head).toBe("kb-contributor:kb/troubleshooting");
    const pull = h.emu.git?.pulls[0];
    expect(pull).toMatchObject({
      repo: "SeldonIO/seldon-core",
      headRepo: FORK,
      headRef: BRANCH,
      baseRef: "v2",
    });
    expect(outcome.pull?.number).toBe(pull?.number);
    expect(pull?.title).toBe("docs(troubleshooting): add 3 pages on known Seldon Core 2 errors");
    expect(pull?.body).toContain("(from #17, #60, #91; entry `ent_sched_nomatch` v3)");
    expect(pull?.body).toContain("How these pages were produced");
    for (const file of await expectedFiles(h))
      expect(h.fileAt(FORK, BRANCH, file.path), file.path).toBe(file.content);
    const head = h.emu.git?.objects.get(h.branchHead(FORK, BRANCH) ?? "");
    expect(head?.type === "commit" && head.parents).toEqual([baseBefore]);
    expect(h.branchHead("SeldonIO/seldon-core", "v2")).toBe(baseBefore);
  });

  it("makes no commit and no write when rerun with nothing changed, and says so", async () => {
    h = await startPrHarness();
    const first = await h.run();
    h.emu.resetStats();
    const again = await h.run();
    expect(again.kind).toBe("unchanged");
    expect(again.commit).toBeNull();
    expect(again.pull?.number).toBe(first.pull?.number);
    expect(h.emu.stats.writes).toBe(0);
    expect(h.emu.git?.pulls).toHaveLength(1);
  });

  it("adds exactly one commit to the same PR after an entry is edited", async () => {
    h = await startPrHarness();
    const first = await h.run();
    const before = h.branchHead(FORK, BRANCH);
    await editEntry(h.database, "ent_kafka_resolve", {
      resolution: "Use the fully qualified bootstrap address.",
    });
    const second = await h.run();
    expect(second.kind).toBe("updated");
    expect(second.pull?.number).toBe(first.pull?.number);
    expect(second.changes).toEqual({
      added: [],
      updated: ["docs-gb/troubleshooting/kafka-bootstrap-address-cannot-be-resolved.md"],
      deleted: [],
    });
    const head = h.emu.git?.objects.get(h.branchHead(FORK, BRANCH) ?? "");
    expect(head?.type === "commit" && head.parents).toEqual([before]);
    expect(
      h.fileAt(FORK, BRANCH, "docs-gb/troubleshooting/kafka-bootstrap-address-cannot-be-resolved.md"),
    ).toContain("Use the fully qualified bootstrap address.");
    expect(h.emu.git?.pulls.find((p) => p.number === first.pull?.number)?.body).toContain(
      "`ent_kafka_resolve` v2",
    );
  });

  it("removes the page of a withdrawn entry in the next commit", async () => {
    h = await startPrHarness();
    await h.run();
    await editEntry(h.database, "ent_kafka_resolve", { state: "archived" });
    const second = await h.run();
    expect(second.changes.deleted).toEqual([
      "docs-gb/troubleshooting/kafka-bootstrap-address-cannot-be-resolved.md",
    ]);
    expect(
      h.fileAt(FORK, BRANCH, "docs-gb/troubleshooting/kafka-bootstrap-address-cannot-be-resolved.md"),
    ).toBeNull();
    expect(h.fileAt(FORK, BRANCH, "docs-gb/SUMMARY.md")).not.toContain("kafka-bootstrap");
  });

  it("prints the diff and PR text in a dry run and sends no write at all, not even the fork", async () => {
    h = await startPrHarness();
    const outcome = await h.run({ dryRun: true });
    expect(outcome.kind).toBe("dry-run");
    expect(h.emu.stats.writes).toBe(0);
    expect(h.emu.git?.has(FORK)).toBe(false);
    expect(outcome.diff).toContain("--- a/docs-gb/SUMMARY.md\n+++ b/docs-gb/SUMMARY.md");
    expect(outcome.diff).toContain("+* [Troubleshooting](troubleshooting/README.md)");
    expect(outcome.diff).toContain("--- /dev/null\n+++ b/docs-gb/troubleshooting/README.md");
    expect(outcome.title).toBe("docs(troubleshooting): add 3 pages on known Seldon Core 2 errors");
  });
});

describe("docs pull request, maintainer with push access", () => {
  it("pushes the branch to the upstream itself and never forks", async () => {
    h = await startPrHarness();
    const outcome = await h.run({}, MAINTAINER);
    expect(outcome).toMatchObject({ kind: "opened", forked: false, head: "SeldonIO:kb/troubleshooting" });
    expect(h.emu.git?.has("kb-maintainer/seldon-core")).toBe(false);
    expect(h.fileAt("SeldonIO/seldon-core", BRANCH, "docs-gb/troubleshooting/README.md")).toContain(
      "# Troubleshooting",
    );
    expect(h.emu.git?.pulls[0]).toMatchObject({ headRepo: "SeldonIO/seldon-core", baseRef: "v2" });
  });

  it("writes Core 1 pages against master and MLServer pages against MLServer", async () => {
    h = await startPrHarness({
      pushers: { "SeldonIO/seldon-core": ["kb-maintainer"], "SeldonIO/MLServer": ["kb-maintainer"] },
    });
    const v1 = await h.run({ base: "master" }, MAINTAINER);
    expect(v1.title).toBe("docs(troubleshooting): add 2 pages on known Seldon Core 1 errors");
    const ml = await h.run({ upstream: "SeldonIO/MLServer" }, MAINTAINER);
    expect(ml).toMatchObject({ kind: "opened", base: "master" });
    expect(h.fileAt("SeldonIO/MLServer", BRANCH, "docs-gb/SUMMARY.md")).toContain(
      "  * [Environment with hash was not found for model](troubleshooting/environment-with-hash-was-not-found-for-model.md)\n* [Changelog](changelog.md)",
    );
  });
});
