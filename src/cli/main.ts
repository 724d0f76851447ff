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
  help           show this text
`;

class UsageError extends Error {}

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
const EXPECTED = new Set(["ClusterInputError", "SearchInputError"]);
const isExpected = (error: unknown): error is Error => error instanceof Error && EXPECTED.has(error.name);

main(process.argv.slice(2)).then(
  () => {
    process.exitCode ??= 0;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string })?.code?.startsWith?.("ERR_PARSE_ARGS")) {
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
