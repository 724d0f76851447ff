import { afterEach, describe, expect, it } from "vitest";
import type { GitHubEmulator } from "../../src/emulators/github-emulator.js";
import { SyncError } from "../../src/github/sync-error.js";
import { makeTestDb } from "../helpers/test-db.js";
import { corpusOf, dumpIngested, emulatorFor, ingest } from "./sync-harness.js";

let emulator: GitHubEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("GitHub sync", () => {
  it("fetches 1,000 issues and 3,000 comments in at most ⌈1000/100⌉ + ⌈3000/100⌉ + 3 requests", async () => {
    const corpus = corpusOf(1000, 3);
    expect(corpus.issues).toHaveLength(1000);
    expect(corpus.comments).toHaveLength(3000);
    emulator = await emulatorFor({ corpus });
    const database = makeTestDb();
    const summary = await ingest(database, emulator.url);
    expect(summary.requests).toBe(emulator.stats.requests);
    expect(summary.requests).toBeLessThanOrEqual(10 + 30 + 3);
    expect(summary).toMatchObject({ inserted: 4000, updated: 0 });
    const dump = await dumpIngested(database);
    expect(dump.issues).toHaveLength(1000);
    expect(dump.comments).toHaveLength(3000);
    const prs = dump.issues.filter((i) => i.isPullRequest).length;
    expect(prs).toBe(corpus.issues.filter((i) => i.pull_request).length);
    expect(prs).toBeGreaterThanOrEqual(40);
  });

  it("re-syncs an unchanged repository with 304s only, spending no rate limit", async () => {
    emulator = await emulatorFor({ corpus: corpusOf(250, 3) });
    const database = makeTestDb();
    await ingest(database, emulator.url);
    const before = await dumpIngested(database);
    emulator.resetStats();
    const summary = await ingest(database, emulator.url);
    expect(emulator.stats.requests).toBe(4); // issues + comments for each of the two repos
    expect(emulator.stats.notModified).toBe(4);
    expect(emulator.stats.rateLimitUsed).toBe(0);
    expect(summary).toMatchObject({ fetched: 0, inserted: 0, updated: 0, notModified: 4 });
    expect(await dumpIngested(database)).toEqual(before);
  });

  it("stores exactly one edited issue, one new issue and one new comment on the next sync", async () => {
    const corpus = corpusOf(250, 3);
    emulator = await emulatorFor({ corpus });
    const database = makeTestDb();
    await ingest(database, emulator.url);
    const before = await dumpIngested(database);
    const first = corpus.issues.find((i) => i.html_url.includes("/seldon-core/"))!;
    const edited = emulator.mutate.editIssue("SeldonIO/seldon-core", first.number, { title: "Edited title" });
    const added = emulator.mutate.addIssue("SeldonIO/MLServer", { title: "A brand new issue", body: "text" });
    const comment = emulator.mutate.addComment("SeldonIO/MLServer", added.number, "a new comment");
    const summary = await ingest(database, emulator.url);
    expect(summary).toMatchObject({ inserted: 2, updated: 1 });
    const after = await dumpIngested(database);
    expect(after.issues).toHaveLength(before.issues.length + 1);
    expect(after.comments).toHaveLength(before.comments.length + 1);
    expect(after.issues.find((i) => i.id === edited.id)?.title).toBe("Edited title");
    expect(after.issues.find((i) => i.id === added.id)?.title).toBe("A brand new issue");
    expect(after.comments.find((c) => c.id === comment.id)?.body).toBe("a new comment");
    const untouched = (rows: typeof after.issues) =>
      rows.filter((i) => i.id !== edited.id && i.id !== added.id);
    expect(untouched(after.issues)).toEqual(untouched(before.issues));
  });

  it("ends identical to a fault-free run with 20% injected faults: nothing lost, nothing duplicated", async () => {
    const corpus = corpusOf(600, 3);
    const clean = makeTestDb();
    emulator = await emulatorFor({ corpus });
    await ingest(clean, emulator.url);
    await emulator.close();
    emulator = await emulatorFor({ corpus, faults: { rate: 0.2, seed: 42, retryAfterSeconds: 0 } });
    const faulty = makeTestDb();
    await ingest(faulty, emulator.url);
    expect(emulator.stats.faultsInjected).toBeGreaterThan(5);
    expect(await dumpIngested(faulty)).toEqual(await dumpIngested(clean));
  });

  it.each(["502", "503", "secondary403", "429", "cut"] as const)(
    "recovers from %s answers without losing a page",
    async (kind) => {
      const corpus = corpusOf(300, 2);
      const clean = makeTestDb();
      emulator = await emulatorFor({ corpus });
      await ingest(clean, emulator.url);
      await emulator.close();
      emulator = await emulatorFor({
        corpus,
        faults: { rate: 0.35, seed: 3, kinds: [kind], retryAfterSeconds: 0 },
      });
      const faulty = makeTestDb();
      await ingest(faulty, emulator.url);
      expect(emulator.stats.faultsByKind[kind]).toBeGreaterThan(0);
      expect(await dumpIngested(faulty)).toEqual(await dumpIngested(clean));
    },
  );
});

describe("GitHub sync failures", () => {
  async function expectSyncError(promise: Promise<unknown>, code: string, message: RegExp) {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe(code);
    expect((error as SyncError).message).toMatch(message);
    expect((error as SyncError).message).not.toContain("\n");
  }

  it("names an unknown repository", async () => {
    emulator = await emulatorFor({ corpus: corpusOf(20, 1) });
    const database = makeTestDb();
    await expectSyncError(
      ingest(database, emulator.url, { repos: ["SeldonIO/nope"] }),
      "NOT_FOUND",
      /SeldonIO\/nope not found/,
    );
    expect((await dumpIngested(database)).issues).toHaveLength(0);
  });

  it("says the token was rejected", async () => {
    emulator = await emulatorFor({ corpus: corpusOf(20, 1) });
    await expectSyncError(
      ingest(makeTestDb(), emulator.url, { token: "bad-token" }),
      "BAD_CREDENTIALS",
      /GITHUB_TOKEN/,
    );
  });

  it("rejects a malformed OWNER/REPO before any request", async () => {
    emulator = await emulatorFor({ corpus: corpusOf(20, 1) });
    await expectSyncError(
      ingest(makeTestDb(), emulator.url, { repos: ["seldon-core"] }),
      "BAD_REPO",
      /OWNER\/REPO/,
    );
    await expectSyncError(
      ingest(makeTestDb(), emulator.url, { repos: ["a/b/c"] }),
      "BAD_REPO",
      /OWNER\/REPO/,
    );
    expect(emulator.stats.requests).toBe(0);
  });

  it("reports an unreachable API", async () => {
    emulator = await emulatorFor({ corpus: corpusOf(20, 1) });
    const url = emulator.url;
    await emulator.close();
    emulator = undefined;
    await expectSyncError(ingest(makeTestDb(), url), "NETWORK", /cannot reach the GitHub API/);
  });

  it("with --wait, waits for the rate-limit reset and finishes", async () => {
    const corpus = corpusOf(150, 1);
    emulator = await emulatorFor({ corpus });
    emulator.mutate.exhaustRateLimit(1);
    const logged: string[] = [];
    const database = makeTestDb();
    const summary = await ingest(database, emulator.url, {
      onRateLimitExhausted: "wait",
      retryAfterBaseValue: 1000,
      log: (m) => logged.push(m),
    });
    expect(logged.some((m) => /rate limit exhausted .*waiting \d+s/.test(m))).toBe(true);
    expect(summary.inserted).toBe(150 + 150);
  });

  it("stops cleanly when the rate limit runs out, says when it resets, and resumes later", async () => {
    const corpus = corpusOf(400, 2);
    emulator = await emulatorFor({ corpus, rateLimit: 3 });
    const database = makeTestDb();
    await expectSyncError(
      ingest(database, emulator.url),
      "RATE_LIMITED",
      /resets at \d{4}-\d\d-\d\dT.*run the same command again/,
    );
    const partial = await dumpIngested(database);
    // Three requests: seldon-core's issues are all in, committed page by page, before the limit hit.
    const coreIssues = corpus.issues.filter((i) => i.html_url.includes("/seldon-core/")).length;
    expect(partial.issues.length).toBe(coreIssues);
    await emulator.close();
    emulator = await emulatorFor({ corpus });
    await ingest(database, emulator.url);
    const reference = makeTestDb();
    await ingest(reference, emulator.url);
    expect(await dumpIngested(database)).toEqual(await dumpIngested(reference));
  });
});
