import { parseArgs } from "node:util";
import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import {
  checkQueryText,
  createSearchService,
  decodeQueryBytes,
  MAX_QUERY_BYTES,
  SEARCH_STATES,
  type SearchHit,
  type SearchOutcome,
  type SearchService,
  type SearchState,
} from "../search/index.js";

export interface SearchCommandDeps {
  database: Database;
  clock: Clock;
  logger?: Logger;
  search?: SearchService;
}

interface Out {
  write(chunk: string): unknown;
}

const USAGE =
  "usage: kb search [--limit N] [--repo OWNER/REPO] [--component C] [--version V] [--state S] [--json] [TEXT…]";

async function readAll(stdin: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.length;
    if (size > MAX_QUERY_BYTES * 4) break;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

function formatHit(hit: SearchHit, rank: number): string {
  const lines = [`${String(rank).padStart(2)}. ${hit.title}   (score ${hit.score})`];
  const where =
    hit.type === "entry"
      ? `entry ${hit.id} (${hit.state})`
      : `cluster ${hit.id} · ${hit.issueCount} issues · ${hit.state}`;
  lines.push(`    ${where}`);
  if (hit.template) lines.push(`    signature: ${hit.template}`);
  for (const w of hit.why) {
    if (w.kind === "text") lines.push(`    why: words in common: ${w.terms.slice(0, 10).join(" ")}`);
    else {
      const how =
        w.kind === "near" ? `similar template (${Math.round((w.similarity ?? 0) * 100)}%)` : "same signature";
      const masked =
        w.masked.length > 0 ? ` [masked ${w.masked.map((m) => `${m.kind}=${m.value}`).join(", ")}]` : "";
      lines.push(`    why: ${how}: your line "${w.line.slice(0, 160)}"${masked}`);
    }
  }
  for (const i of hit.issues) lines.push(`    ${i.repo}#${i.number}  ${i.url}  ${i.title}`);
  return lines.join("\n");
}

export function formatOutcome(outcome: SearchOutcome): string {
  const head: string[] = [];
  if (outcome.lines[0]) head.push(`read from your text: ${outcome.lines[0].slice(0, 200)}`);
  head.push(`matched signature: ${outcome.matchedSignature ?? "none"}`);
  if (outcome.results.length === 0)
    return `${head.join("\n")}\n\nno known problem matches yet (the query was logged)\n`;
  return `${head.join("\n")}\n\n${outcome.results.map((h, i) => formatHit(h, i + 1)).join("\n\n")}\n`;
}

function parseSearchArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      limit: { type: "string", default: "10" },
      repo: { type: "string" },
      component: { type: "string" },
      version: { type: "string" },
      state: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
}

/** `kb search TEXT…` (stdin when no TEXT): the API's search, printed for a terminal. Returns the exit code. */
export async function runSearchCommand(
  deps: SearchCommandDeps,
  args: string[],
  stdin: AsyncIterable<Uint8Array | string>,
  stdout: Out,
  stderr: Out = stdout,
): Promise<number> {
  let parsed: ReturnType<typeof parseSearchArgs>;
  try {
    parsed = parseSearchArgs(args);
  } catch (error) {
    stderr.write(`kb search: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
    stderr.write(`kb search: --limit must be a whole number from 1 to 50\n${USAGE}\n`);
    return 2;
  }
  if (values.state !== undefined && !(SEARCH_STATES as readonly string[]).includes(values.state)) {
    stderr.write(`kb search: unknown --state "${values.state}"; one of ${SEARCH_STATES.join(", ")}\n`);
    return 2;
  }
  let text = positionals.join(" ");
  if (positionals.length === 0) {
    const decoded = decodeQueryBytes(await readAll(stdin));
    if ("problem" in decoded) {
      stderr.write(`kb search: ${decoded.problem.message}\n`);
      return 2;
    }
    text = decoded.text;
  }
  const problem = checkQueryText(text);
  if (problem) {
    stderr.write(`kb search: ${problem.message}\n${problem.kind === "empty" ? `${USAGE}\n` : ""}`);
    return 2;
  }
  const search = deps.search ?? createSearchService(deps);
  const filters = {
    repo: values.repo,
    component: values.component,
    version: values.version,
    state: values.state as SearchState | undefined,
  };
  const outcome = await search.search({ text, limit, filters });
  stdout.write(values.json ? `${JSON.stringify(outcome, null, 2)}\n` : formatOutcome(outcome));
  return 0;
}
