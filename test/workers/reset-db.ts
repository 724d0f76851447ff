import { env } from "cloudflare:test";

/**
 * Storage persists across the tests of a file here, so each test starts from empty tables. The
 * FTS5 tables over search_docs and search_templates (and their shadow tables) are left to the
 * tables' delete triggers.
 */
export async function resetD1(): Promise<void> {
  const { results } = await env.DB.prepare(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name <> 'd1_migrations' and sql not like 'CREATE VIRTUAL TABLE%' and name not like 'search\\_title%' escape '\\' and name not like 'search\\_errors%' escape '\\' and name not like 'search\\_body%' escape '\\' and name not like 'search\\_keys%' escape '\\' and name not like 'search\\_template\\_keys%' escape '\\'",
  ).all<{ name: string }>();
  await env.DB.batch(results.map((t) => env.DB.prepare(`delete from "${t.name}"`)));
}
