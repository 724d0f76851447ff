import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import { formatSummary, ingestRepos } from "../github/ingest.js";
import { endProgress, progressReporter } from "./progress.js";

export interface IngestCommandOptions {
  repos: string[];
  wait: boolean;
  /** Re-clusters what the ingest changed; absent until clustering is wired in. */
  afterIngest?: (database: Database) => Promise<string | undefined>;
}

/** `kb ingest OWNER/REPO…`: progress on stderr, one summary line on stdout. */
export async function runIngestCommand(
  deps: {
    config: Config;
    database: Database;
    clock: Clock;
    stdout: NodeJS.WriteStream;
    stderr: NodeJS.WriteStream;
  },
  options: IngestCommandOptions,
): Promise<void> {
  const { config, stderr } = deps;
  if (!config.GITHUB_TOKEN) {
    stderr.write("note: no GITHUB_TOKEN set; GitHub allows 60 unauthenticated requests an hour\n");
  }
  const onProgress = progressReporter(stderr);
  try {
    const summary = await ingestRepos(deps, {
      repos: options.repos,
      baseUrl: config.GITHUB_API_URL,
      token: config.GITHUB_TOKEN,
      onRateLimitExhausted: options.wait ? "wait" : "stop",
      onProgress,
      log: (message) => stderr.write(`${message}\n`),
    });
    endProgress(stderr);
    deps.stdout.write(`${formatSummary(summary)}\n`);
  } catch (error) {
    endProgress(stderr);
    throw error;
  }
  const clustered = await options.afterIngest?.(deps.database);
  if (clustered) deps.stdout.write(`${clustered}\n`);
}
