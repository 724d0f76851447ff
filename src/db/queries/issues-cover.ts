import { sql } from "drizzle-orm";
import { issues } from "../schema.js";

/**
 * `issues` read through its narrow covering index (id, repo, number, cluster_id) when a query
 * needs only those columns of many issues by id. Without statistics SQLite looks an id up in the
 * table itself, whose rows are wide (the body): one page read per issue, which made reading the
 * postings of a common feature (thousands of issues) cost a second at 100k issues.
 */
export const issuesByCover = sql`${issues} indexed by issues_link_cover`;
