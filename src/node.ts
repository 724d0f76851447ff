import { ConfigError, parseConfig } from "./config.js";
import { openSqliteDatabase } from "./db/node-client.js";
import { systemClock } from "./domain/clock.js";
import { jsonLogger } from "./logger.js";
import { scheduleRetention } from "./maintenance/schedule.js";
import { httpConnectionOptions, startServer } from "./server.js";

// The Node entry: the only place besides scripts that reads process.env.
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const logger = jsonLogger((line) => process.stdout.write(`${line}\n`));
  const database = openSqliteDatabase(config.KB_DB_PATH, httpConnectionOptions(config));
  const server = await startServer(config, database, logger);
  logger.info("listening", { url: server.url, db: config.KB_DB_PATH });
  const stopRetention = scheduleRetention(
    { database, clock: systemClock, logger },
    { searchLogDays: config.KB_SEARCH_LOG_RETENTION_DAYS },
  );
  const stop = async () => {
    stopRetention();
    await server.close();
    database.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : `cannot start: ${(error as Error)?.message ?? error}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
