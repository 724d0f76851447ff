import { parseArgs } from "node:util";
import { ConfigError, parseConfig } from "../config.js";
import { openSqliteDatabase } from "../db/node-client.js";
import { systemClock } from "../domain/clock.js";
import { SyncError } from "../github/sync-error.js";
import { jsonLogger } from "../logger.js";
import { afterIngest } from "./after-ingest.js";
import { runIngestCommand } from "./ingest-command.js";

// The refresh's one accounting line per invocation goes beside the progress, not into stdout.
const stderrLogger = jsonLogger((line) => process.stderr.write(`${line}\n`));

const USAGE = `usage: kb <command> [options]

commands:
  ingest OWNER/REPO [OWNER/REPO…] [--wait]
                 pull issues and comments from the GitHub REST API (GITHUB_API_URL, GITHUB_TOKEN)
                 incrementally into KB_DB_PATH; --wait waits for a rate-limit reset instead of stopping
  signature      read one message per line on stdin, print its normalized template per line
  cluster [--json]
                 read one message per line on stdin (--json: one JSON string per line), print one
                 cluster key per input line, in order
  search [--limit N] [--repo R] [--component C] [--version V] [--state S] [--json] [TEXT…]
                 search the knowledge base by pasted error text (stdin when no TEXT is given)
  export --out DIR [--target core-v2|core-v1|mlserver]
                 write the published entries as markdown in the upstream docs' layout: DIR/<target>/
                 docs-gb/troubleshooting/*.md and SUMMARY.md; with --target, DIR is an upstream
                 checkout and its docs-gb/SUMMARY.md is updated in place
  export --pr --upstream OWNER/REPO [--base BRANCH] [--target T] [--dry-run] [--wait]
                 open or update the docs pull request (branch kb/troubleshooting, base v2 for
                 seldon-core) with GITHUB_TOKEN (public_repo scope), forking when it cannot push;
                 --dry-run prints the diff and the PR text and writes nothing; --wait waits for a
                 rate-limit reset instead of stopping
  export --set-target ENTRY_ID=core-v2|core-v1|mlserver|auto
                 choose which docs an entry goes to (auto: from its components and versions)
  token create --role curator|admin --label NAME
                 print a new API token once (stored as a SHA-256 hash); sign in with it at /login
  token list     every token with its role, label and whether it was revoked
  token revoke ID
                 revoke a token; its page sessions end at once
  backup FILE    a consistent copy of KB_DB_PATH in FILE, safe while the server runs and writes
                 (restore: stop the server, copy FILE to KB_DB_PATH, start it)
  help           show this text
`;

class UsageError extends Error {
  override name = "UsageError";
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(USAGE);
    return;
  }
  switch (command) {
    case "ingest": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { wait: { type: "boolean", default: false } },
      });
      const config = parseConfig(process.env);
      const database = openSqliteDatabase(config.KB_DB_PATH);
      try {
        await runIngestCommand(
          { config, database, clock: systemClock, stdout: process.stdout, stderr: process.stderr },
          {
            repos: positionals,
            wait: values.wait ?? false,
            afterIngest: afterIngest(systemClock, stderrLogger),
          },
        );
      } finally {
        database.close();
      }
      return;
    }
    case "search": {
      const config = parseConfig(process.env);
      const database = openSqliteDatabase(config.KB_DB_PATH);
      try {
        const { runSearchCommand } = await import("./search-command.js");
        process.exitCode = await runSearchCommand(
          { database, clock: systemClock },
          rest,
          process.stdin,
          process.stdout,
          process.stderr,
        );
      } finally {
        database.close();
      }
      return;
    }
    case "export": {
      const config = parseConfig(process.env);
      const database = openSqliteDatabase(config.KB_DB_PATH);
      try {
        const { runExportCommand } = await import("./export-command.js");
        await runExportCommand(
          { config, database, clock: systemClock, stdout: process.stdout, stderr: process.stderr },
          rest,
        );
      } finally {
        database.close();
      }
      return;
    }
    case "token": {
      const config = parseConfig(process.env);
      const database = openSqliteDatabase(config.KB_DB_PATH);
      try {
        const { runTokenCommand } = await import("./token-command.js");
        await runTokenCommand(
          { database, clock: systemClock, adminToken: config.KB_ADMIN_TOKEN },
          rest,
          process.stdout,
        );
      } finally {
        database.close();
      }
      return;
    }
    case "backup": {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      if (positionals.length !== 1) throw new UsageError("backup needs exactly one FILE");
      const config = parseConfig(process.env);
      const { runBackupCommand } = await import("./backup-command.js");
      await runBackupCommand(
        { source: config.KB_DB_PATH, stdout: process.stdout, stderr: process.stderr },
        positionals[0] ?? "",
      );
      return;
    }
    case "signature":
    case "cluster": {
      const { values } = parseArgs({ args: rest, options: { json: { type: "boolean", default: false } } });
      const commands = await import("./signature-commands.js");
      if (command === "signature") await commands.runSignatureCommand(process.stdin, process.stdout);
      else await commands.runClusterCommand(process.stdin, process.stdout, { json: values.json ?? false });
      return;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

// Failures the user can act on print their message alone; anything else is a bug and keeps its stack.
const EXPECTED = new Set([
  "ClusterInputError",
  "SearchInputError",
  "ExportError",
  "CurationError",
  "BackupError",
]);
const isExpected = (error: unknown): error is Error => error instanceof Error && EXPECTED.has(error.name);

main(process.argv.slice(2)).then(
  () => {
    process.exitCode ??= 0;
  },
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      (error as Error)?.name === "UsageError" ||
      (error as Error)?.name === "ExportUsageError" ||
      (error as { code?: string })?.code?.startsWith?.("ERR_PARSE_ARGS")
    ) {
      process.stderr.write(`kb: ${(error as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError || error instanceof SyncError || isExpected(error)) {
      process.stderr.write(`kb: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`kb: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
