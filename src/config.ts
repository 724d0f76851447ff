import { z } from "zod";

const optionalSecret = (min: number) =>
  z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().min(min, `must be at least ${min} characters`))
    .optional()
    .or(z.literal("").transform(() => undefined));

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** Every setting the service reads, validated once at start. Secrets have no defaults. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number({ error: "must be a port number (0-65535)" }).int().min(0).max(65535).default(8787), // 0: any free port (tests)
  HOST: z.string().min(1).default("127.0.0.1"),
  KB_DB_PATH: z.string().min(1).default("./data/kb.sqlite"),
  GITHUB_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.github.com"),
  GITHUB_TOKEN: optionalSecret(1),
  SLACK_SIGNING_SECRET: optionalSecret(8),
  GITHUB_WEBHOOK_SECRET: optionalSecret(8),
  KB_ADMIN_TOKEN: optionalSecret(16),
  PUBLIC_URL: z.url().optional(),
  // ─── Hardening (issue 8) ───
  /** Days a search query is kept in search_log (the review queue's demand signal). */
  KB_SEARCH_LOG_RETENTION_DAYS: wholeNumber(1, 36_500).default(90),
  /** Searches a minute per client (API, page, form); 0 turns the limit off. */
  KB_RATE_LIMIT_SEARCH: wholeNumber(0, 1_000_000).default(60),
  /** Other public requests a minute per client (pages, listings, clusters); 0 turns the limit off. */
  KB_RATE_LIMIT_READ: wholeNumber(0, 1_000_000).default(600),
  /** 1: the server sits behind one reverse proxy, so the client is the last X-Forwarded-For hop. */
  TRUST_PROXY: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
  /**
   * Where search's lookups live: `database` (each search reads its own keys' rows; nothing of the
   * corpus is held) or `memory` (loaded on first use and kept; the way before 2026-12-01).
   */
  KB_SEARCH_INDEX: z
    .enum(["database", "memory"], { error: "must be database or memory" })
    .default("database"),
  /** Node over a SQLite file: 1 runs the refresh in a worker thread, 0 on the HTTP thread (as before 2026-12-01). */
  KB_REFRESH_WORKER: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("1"),
  /** Linux: the refresh worker thread's nice value (0–19); 0 schedules it like the HTTP thread. */
  KB_REFRESH_NICE: wholeNumber(0, 19).default(0),
  /**
   * The refresh worker thread's V8 heap cap in MB (0: V8's own, the default). A refresh that needs
   * more dies with the thread, which restarts and resumes it: set it with room for a full link.
   */
  KB_REFRESH_HEAP_MB: wholeNumber(0, 65_536).default(0),
  // Workers only: D1 queries one invocation may make (1,000 on the paid plan, 50 on the free plan),
  // and the wall time after which an invocation starts no new page or refresh step (CPU is not
  // observable in an isolate; wall time bounds it from above). See [limits] cpu_ms in wrangler.toml.
  KB_D1_CALLS_PER_INVOCATION: z.coerce
    .number({ error: "must be a whole number" })
    .int()
    .min(20)
    .default(1000),
  KB_INVOCATION_BUDGET_MS: z.coerce.number({ error: "must be milliseconds" }).int().min(1000).default(25_000),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; a bad value throws a ConfigError whose message names each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const known = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k]]));
  const result = ConfigSchema.safeParse(known);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const shown =
      name.includes("TOKEN") || name.includes("SECRET") ? "" : ` (got ${JSON.stringify(env[name])})`;
    return `${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
}
