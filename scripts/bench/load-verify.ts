// Compares the database after the load run with what the acknowledged deliveries must have left.
import BetterSqlite3 from "better-sqlite3";
import type { Version } from "./load-events.js";

export interface Verification {
  checked: number;
  /** Expected rows missing, or holding an older version than the newest acknowledged one. */
  lost: number;
  /** Comments present although their newest acknowledged version is the deletion. */
  resurrected: number;
  /** (repo, number) pairs stored more than once. */
  duplicated: number;
  examples: string[];
}

export function verifyDatabase(path: string, rows: Map<string, Version>): Verification {
  const db = new BetterSqlite3(path, { readonly: true });
  const issue = db.prepare("select title, updated_at as updatedAt from issues where id = ?");
  const comment = db.prepare("select body, updated_at as updatedAt from comments where id = ?");
  const out: Verification = { checked: 0, lost: 0, resurrected: 0, duplicated: 0, examples: [] };
  const note = (text: string) => out.examples.length < 5 && out.examples.push(text);
  try {
    for (const v of rows.values()) {
      out.checked += 1;
      if (v.kind === "issue") {
        const row = issue.get(v.id) as { title: string; updatedAt: string } | undefined;
        if (!row || row.title !== v.text || row.updatedAt !== v.updatedAt) {
          out.lost += 1;
          note(`issue ${v.id}: expected ${v.updatedAt}, found ${row?.updatedAt ?? "nothing"}`);
        }
        continue;
      }
      const row = comment.get(v.id) as { body: string; updatedAt: string } | undefined;
      if (v.text === null && row) {
        out.resurrected += 1;
        note(`comment ${v.id}: deleted at ${v.updatedAt}, still stored at ${row.updatedAt}`);
      } else if (v.text !== null && (!row || row.body !== v.text || row.updatedAt !== v.updatedAt)) {
        out.lost += 1;
        note(`comment ${v.id}: expected ${v.updatedAt}, found ${row?.updatedAt ?? "nothing"}`);
      }
    }
    out.duplicated = (
      db
        .prepare(
          "select count(*) as n from (select 1 from issues group by repo_key, number having count(*) > 1)",
        )
        .get() as { n: number }
    ).n;
    return out;
  } finally {
    db.close();
  }
}
