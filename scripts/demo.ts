// `npm run demo`: the main job on a fresh machine, offline. A fresh embedded SQLite database, the
// bundled sample corpus served by the local GitHub emulator, ingested through the real `kb ingest`
// path (sync, then clustering), then the API and pages on PORT (default 8787).
import { readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { afterIngest } from "../src/cli/after-ingest.js";
import { runIngestCommand } from "../src/cli/ingest-command.js";
import { ConfigError, parseConfig } from "../src/config.js";
import { openSqliteDatabase } from "../src/db/node-client.js";
import { systemClock } from "../src/domain/clock.js";
import { SELDON_DOCS_SEED } from "../src/emulators/github-docs-seed.js";
import { startGitHubEmulator } from "../src/emulators/github-emulator.js";
import type { Corpus } from "../src/emulators/github-types.js";
import { jsonLogger } from "../src/logger.js";
import { httpConnectionOptions, startServer } from "../src/server.js";
import { seedCuration } from "./demo-curation.js";

const ROOT = resolve(import.meta.dirname, "..");
const CORPUS = resolve(ROOT, "test/fixtures/sample-corpus.json");
const DEMO_TOKEN = "demo-github-token";
const stderrLogger = jsonLogger((line) => process.stderr.write(`${line}\n`));

async function main(): Promise<void> {
  const dbPath = process.env.KB_DB_PATH ?? resolve(ROOT, "data/demo.sqlite");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${dbPath}${suffix}`, { force: true });
  const corpus = JSON.parse(readFileSync(CORPUS, "utf8")) as Corpus;
  // Also serves Seldon's docs repositories, so the docs pull request can be tried against it.
  const emulator = await startGitHubEmulator({ corpus, tokens: [DEMO_TOKEN], git: SELDON_DOCS_SEED });
  process.stderr.write(`GitHub emulator on ${emulator.url} serving ${corpus.issues.length} issues\n`);
  const config = parseConfig({
    ...process.env,
    KB_DB_PATH: dbPath,
    GITHUB_API_URL: emulator.url,
    GITHUB_TOKEN: DEMO_TOKEN,
    KB_ADMIN_TOKEN: process.env.KB_ADMIN_TOKEN ?? "demo-curator-token-change-me",
  });
  const database = openSqliteDatabase(config.KB_DB_PATH, httpConnectionOptions(config));
  const ingest = () =>
    runIngestCommand(
      { config, database, clock: systemClock, stdout: process.stdout, stderr: process.stderr },
      {
        repos: corpus.repos.map((r) => r.full_name),
        wait: false,
        afterIngest: afterIngest(systemClock, stderrLogger),
      },
    );
  try {
    await ingest();
    // Curators at work: published entries, unanswered searches, and a new report that makes one stale.
    const { published } = await seedCuration({ database, clock: systemClock }, emulator);
    process.stdout.write(
      `published ${published.length} entries: ${published.map((e) => e.title).join("; ")}\n`,
    );
    await ingest();
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const logger = jsonLogger((line) => process.stderr.write(`${line}\n`));
  const server = await startServer(config, database, logger);
  process.stdout.write(
    `\nSeldon KB demo ready: ${server.url}\n` +
      `  search page     ${server.url}/\n` +
      `  clusters        ${server.url}/api/clusters\n` +
      `  try             ${server.url}/api/search?q=${encodeURIComponent("no matching servers are available")}\n` +
      `  review queue    ${server.url}/queue (sign in at ${server.url}/login)\n` +
      `  admin token     ${config.KB_ADMIN_TOKEN}\n` +
      `  docs PR preview GITHUB_API_URL=${emulator.url} GITHUB_TOKEN=${DEMO_TOKEN} KB_DB_PATH=${dbPath} npm run kb -- export --pr --dry-run --upstream SeldonIO/seldon-core\n` +
      "Ctrl-C stops it.\n",
  );
  const stop = async () => {
    await server.close();
    await emulator.close();
    database.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : ((error as Error)?.message ?? String(error));
  process.stderr.write(`demo failed: ${message}\n`);
  process.exit(1);
});
