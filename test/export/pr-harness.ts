import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Database } from "../../src/db/client.js";
import { SELDON_DOCS_SEED } from "../../src/emulators/github-docs-seed.js";
import {
  type GitHubEmulator,
  type GitHubEmulatorOptions,
  startGitHubEmulator,
} from "../../src/emulators/github-emulator.js";
import type { Corpus } from "../../src/emulators/github-types.js";
import { type PullRequestOptions, runDocsPullRequest } from "../../src/export/pull-request.js";
import { createGitHubClient } from "../../src/github/client.js";
import { seedExportFixture } from "../helpers/export-entries.js";
import { makeTestDb } from "../helpers/test-db.js";

const corpus = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/sample-corpus.json"), "utf8"),
) as Corpus;
const noIssues: Corpus = { ...corpus, issues: [], comments: [] };

export const CONTRIBUTOR = "contributor-token";
export const MAINTAINER = "maintainer-token";
export const NO_SCOPE = "read-only-token";

export interface PrHarness {
  emu: GitHubEmulator;
  database: Database;
  log: string[];
  /** `wait`: wait out an exhausted rate limit in real seconds, as `--wait` does. */
  run(
    options?: Partial<PullRequestOptions>,
    token?: string,
    wait?: boolean,
  ): ReturnType<typeof runDocsPullRequest>;
  /** Text of a file on a branch of a repository in the emulator, or null. */
  fileAt(repo: string, branch: string, path: string): string | null;
  branchHead(repo: string, branch: string): string | undefined;
}

/** The emulator with Seldon's docs, a contributor (no push), a maintainer (push) and the export fixture. */
export async function startPrHarness(overrides: Partial<GitHubEmulatorOptions> = {}): Promise<PrHarness> {
  const emu = await startGitHubEmulator({
    corpus: noIssues,
    git: SELDON_DOCS_SEED,
    users: {
      [CONTRIBUTOR]: { login: "kb-contributor", scopes: ["public_repo", "read:org"] },
      [MAINTAINER]: { login: "kb-maintainer", scopes: ["repo"] },
      [NO_SCOPE]: { login: "kb-reader", scopes: ["read:org"] },
    },
    pushers: { "SeldonIO/seldon-core": ["kb-maintainer"] },
    ...overrides,
  });
  const database = makeTestDb();
  await seedExportFixture(database);
  const log: string[] = [];
  const git = emu.git;
  if (!git) throw new Error("emulator without git data");
  const branchHead = (repo: string, branch: string) => git.repo(repo)?.refs.get(`refs/heads/${branch}`);
  return {
    emu,
    database,
    log,
    run(options = {}, token = CONTRIBUTOR, wait = false) {
      const client = createGitHubClient({
        baseUrl: emu.url,
        token,
        onRateLimitExhausted: wait ? "wait" : "stop",
        retryAfterBaseValue: wait ? 1000 : 1,
        writeSpacingMs: 0,
      });
      return runDocsPullRequest(
        { octokit: client.octokit, database, log: (line) => log.push(line) },
        { upstream: "SeldonIO/seldon-core", dryRun: false, pollMs: 5, ...options },
      );
    },
    fileAt(repo, branch, path) {
      const head = branchHead(repo, branch);
      const commit = head ? git.objects.get(head) : undefined;
      if (commit?.type !== "commit") return null;
      const entry = git.objects.filesOf(commit.tree).get(path);
      const blob = entry ? git.objects.get(entry.sha) : undefined;
      return blob?.type === "blob" ? blob.content.toString("utf8") : null;
    },
    branchHead,
  };
}
