import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { SELDON_DOCS_SEED } from "../../src/emulators/github-docs-seed.js";
import { type GitHubEmulator, startGitHubEmulator } from "../../src/emulators/github-emulator.js";
import { seedExportFixture } from "../helpers/export-entries.js";
import { runKb } from "./run-kb.js";

const dir = mkdtempSync(join(tmpdir(), "kb-export-"));
const dbPath = join(dir, "kb.sqlite");
let emu: GitHubEmulator;

beforeAll(async () => {
  const database = openSqliteDatabase(dbPath);
  await seedExportFixture(database);
  database.close();
  emu = await startGitHubEmulator({
    corpus: {
      repos: JSON.parse(readFileSync("test/fixtures/sample-corpus.json", "utf8")).repos,
      issues: [],
      comments: [],
      families: {},
    },
    git: SELDON_DOCS_SEED,
  });
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  KB_DB_PATH: dbPath,
  GITHUB_API_URL: emu.url,
  ...extra,
});

describe("kb export", () => {
  it("writes each target's docs under DIR, and a second run writes nothing new", async () => {
    const out = join(dir, "out");
    const first = await runKb(["export", "--out", out], env()).done;
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      `core-v2: wrote 5 files to ${join(out, "core-v2")} (0 unchanged, 0 removed)`,
    );
    const page = readFileSync(
      join(out, "core-v1/docs-gb/troubleshooting/no-matches-for-kind-seldondeployment.md"),
      "utf8",
    );
    const again = await runKb(["export", "--out", out], env()).done;
    expect(again.stdout).toContain("core-v2: wrote 0 files");
    expect(
      readFileSync(
        join(out, "core-v1/docs-gb/troubleshooting/no-matches-for-kind-seldondeployment.md"),
        "utf8",
      ),
    ).toBe(page);
  });

  it("prints the diff and the PR text on --dry-run and makes GitHub write nothing", async () => {
    emu.resetStats();
    const run = await runKb(
      ["export", "--pr", "--dry-run", "--upstream", "SeldonIO/seldon-core"],
      env({ GITHUB_TOKEN: "any-token" }),
    ).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("+++ b/docs-gb/troubleshooting/README.md");
    expect(run.stdout).toContain("title: docs(troubleshooting): add 3 pages on known Seldon Core 2 errors");
    expect(run.stdout).toMatch(
      /dry run: would commit 5 files and open a pull request from emulator-user:kb\/troubleshooting into v2; nothing was written\n$/,
    );
    expect(emu.stats.writes).toBe(0);
  });

  it("fails with one line and exit 1 without a token, and exit 2 without --upstream", async () => {
    const noToken = await runKb(["export", "--pr", "--upstream", "SeldonIO/seldon-core"], env()).done;
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toBe(
      "kb: GITHUB_TOKEN is not set: a docs pull request needs a token with the public_repo scope\n",
    );
    const noUpstream = await runKb(["export", "--pr"], env({ GITHUB_TOKEN: "t" })).done;
    expect(noUpstream.code).toBe(2);
    expect(noUpstream.stderr).toMatch(/^kb: export --pr needs --upstream OWNER\/REPO\n/);
  });

  it("opens the pull request, then reports no change on a rerun", async () => {
    const opened = await runKb(
      ["export", "--pr", "--upstream", "SeldonIO/seldon-core"],
      env({ GITHUB_TOKEN: "t" }),
    ).done;
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toMatch(
      /^opened pull request #\d+ from emulator-user:kb\/troubleshooting into v2: \S+\/pull\/\d+ \(commit [0-9a-f]{7}, 5 files\)\n$/,
    );
    const rerun = await runKb(
      ["export", "--pr", "--upstream", "SeldonIO/seldon-core"],
      env({ GITHUB_TOKEN: "t" }),
    ).done;
    expect(rerun.stdout).toMatch(/^no changes: pull request #\d+ is up to date; no commit made/);
  });

  it("stores a curator's target for an entry and refuses an unknown one", async () => {
    const set = await runKb(["export", "--set-target", "ent_kafka_resolve=core-v1"], env()).done;
    expect(set.stdout).toBe("ent_kafka_resolve: exported to core-v1\n");
    const out = join(dir, "moved");
    await runKb(["export", "--out", out, "--target", "core-v1"], env()).done;
    expect(readFileSync(join(out, "docs-gb/troubleshooting/README.md"), "utf8")).toContain(
      "kafka-bootstrap-address",
    );
    const bad = await runKb(["export", "--set-target", "ent_kafka_resolve=core-v3"], env()).done;
    expect(bad.code).toBe(2);
    await runKb(["export", "--set-target", "ent_kafka_resolve=auto"], env()).done;
  });
});
