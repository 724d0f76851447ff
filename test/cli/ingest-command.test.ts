import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import type { GitHubEmulator } from "../../src/emulators/github-emulator.js";
import { corpusOf, dumpIngested, emulatorFor, ingest, REPOS } from "../github/sync-harness.js";
import { makeTestDb } from "../helpers/test-db.js";
import { runKb } from "./run-kb.js";

const dir = mkdtempSync(join(tmpdir(), "kb-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let emulator: GitHubEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function envFor(url: string, db: string) {
  return { GITHUB_API_URL: url, GITHUB_TOKEN: "good-token", KB_DB_PATH: db };
}

describe("kb ingest", () => {
  it("resumes after SIGKILL mid-sync and ends with the same database as an uninterrupted run", async () => {
    const corpus = corpusOf(900, 3);
    emulator = await emulatorFor({ corpus });
    const dbPath = join(dir, "killed.sqlite");
    const first = runKb(["ingest", ...REPOS], envFor(emulator.url, dbPath));
    // Kill as soon as the first page is reported: rows and cursor of that page are committed, the rest is not.
    await new Promise<void>((resolvePage, reject) => {
      const timer = setInterval(() => {
        if (/page \d+/.test(first.stderrSoFar())) {
          clearInterval(timer);
          first.child.kill("SIGKILL");
          resolvePage();
        }
      }, 5);
      first.done.then(() => {
        clearInterval(timer);
        reject(new Error("the sync finished before it could be killed"));
      });
    });
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");
    const interrupted = openSqliteDatabase(dbPath);
    const partial = await dumpIngested(interrupted);
    interrupted.close();
    expect(partial.issues.length + partial.comments.length).toBeLessThan(900 + 2700);

    const second = await runKb(["ingest", ...REPOS], envFor(emulator.url, dbPath)).done;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(
      /^ingested SeldonIO\/seldon-core, SeldonIO\/MLServer: fetched \d+, inserted \d+/m,
    );
    const resumed = openSqliteDatabase(dbPath);
    const reference = makeTestDb();
    await ingest(reference, emulator.url);
    expect(await dumpIngested(resumed)).toEqual(await dumpIngested(reference));
    resumed.close();
  });

  it.each([
    [["ingest", "not-a-repo"], /kb: "not-a-repo" is not a repository name: expected OWNER\/REPO/],
    [["ingest", "SeldonIO/missing"], /kb: repository SeldonIO\/missing not found/],
  ])("fails %j with a one-line message and a non-zero exit", async (args, message) => {
    emulator = await emulatorFor({ corpus: corpusOf(20, 1) });
    const run = await runKb(args, envFor(emulator.url, join(dir, "errors.sqlite"))).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("names a bad environment variable", async () => {
    const run = await runKb(["ingest", "SeldonIO/MLServer"], {
      GITHUB_API_URL: "nope",
      KB_DB_PATH: join(dir, "x.sqlite"),
    }).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/GITHUB_API_URL/);
  });

  it("answers an unknown command with usage and exit code 2", async () => {
    const run = await runKb(["frobnicate"], {}).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command "frobnicate"/);
    expect(run.stderr).toMatch(/usage: kb/);
  });
});
