import { createRoute, z } from "@hono/zod-openapi";
import {
  checkQueryText,
  type QueryProblem,
  SEARCH_STATES,
  SearchInputError,
  type SearchService,
} from "../../search/index.js";
import { BODY_LIMITS, limitBody } from "../body-limit.js";
import type { AppDeps, AppRouter } from "../deps.js";
import { AppError } from "../errors.js";
import { redactedOutcome } from "../redacted-outcome.js";
import { ComponentParam, ProblemSchema, problemResponses, RepoParam } from "../validation.js";

export const SearchQuery = z.strictObject(
  {
    q: z.string().openapi({
      param: { name: "q", in: "query" },
      description: "An error line or a whole pasted log (up to 64 KiB)",
    }),
    limit: z.coerce
      .number({ message: "must be a whole number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(50, "must be at most 50")
      .default(10)
      .openapi({ param: { name: "limit", in: "query" }, example: 10 }),
    repo: RepoParam,
    component: ComponentParam,
    version: z
      .string()
      .max(50)
      .optional()
      .openapi({ param: { name: "version", in: "query" }, example: "1.3" }),
    state: z
      .enum(SEARCH_STATES)
      .optional()
      .openapi({ param: { name: "state", in: "query" } }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown filter ${issue.keys.join(", ")}: the filters are repo, component, version and state`
        : undefined,
  },
);

/** The same fields as a JSON body: for logs longer than a URL may carry (Workers cap URLs near 16 KB). */
export const SearchBody = SearchQuery.extend({
  q: z.string().openapi({ description: "An error line or a whole pasted log (up to 64 KiB)" }),
  limit: z.number().int().min(1).max(50).default(10),
}).openapi("SearchRequest");

const IssueRef = z.object({ repo: z.string(), number: z.number().int(), title: z.string(), url: z.string() });
const Why = z.object({
  kind: z.enum(["signature", "template", "near", "text"]),
  line: z.string(),
  template: z.string().nullable(),
  queryTemplate: z.string().nullable(),
  masked: z.array(z.object({ kind: z.string(), value: z.string() })),
  similarity: z.number().nullable(),
  terms: z.array(z.string()),
});
const SearchResult = z
  .object({
    type: z
      .enum(["entry", "cluster", "issue"])
      .describe("`issue`: a thread in no cluster (no recognised error) that holds the pasted text"),
    id: z.string(),
    title: z.string(),
    score: z.number(),
    clusterId: z.string().nullable(),
    snippet: z.string(),
    issues: z.array(IssueRef),
    signature: z.string().nullable(),
    template: z.string().nullable(),
    state: z.string(),
    issueCount: z.number().int(),
    why: z.array(Why),
  })
  .openapi("SearchResult");
const SearchResponse = z
  .object({
    query: z.string(),
    confidence: z
      .enum(["strong", "partial", "weak", "none"])
      .describe("How well the best result matches: strong = a known error; weak = only words in common"),
    matchedSignature: z.string().nullable(),
    lines: z.array(z.string()),
    results: z.array(SearchResult),
  })
  .openapi("SearchResponse");

const searchResponses = {
  200: { description: "Ranked results", content: { "application/json": { schema: SearchResponse } } },
  413: {
    description: "q is larger than 64 KiB",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
  ...problemResponses,
} as const;

const route = createRoute({
  method: "get",
  path: "/api/search",
  summary: "Search by pasted error text: best cluster or entry first, each with why it matched",
  request: { query: SearchQuery },
  responses: searchResponses,
});

/** Maps an unsearchable text to the one error type: too large is 413, the rest 400. */
export function queryProblemError(problem: QueryProblem, field: string): AppError {
  return new AppError(
    problem.kind === "too-large" ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST",
    `${field}: ${problem.message}`,
  );
}

export function searchServiceOf(deps: AppDeps): SearchService {
  if (!deps.search) throw new AppError("INTERNAL", "search is not configured");
  return deps.search;
}

// Hono keeps undecodable escapes such as %FF as literal text; look at the raw query instead.
export function rawParamIsUtf8(url: string, name: string): boolean {
  const search = url.split("?", 2)[1] ?? "";
  return search.split("&").every((pair) => {
    if (pair.split("=", 1)[0] !== name) return true;
    try {
      decodeURIComponent(pair.slice(name.length + 1).replaceAll("+", " "));
      return true;
    } catch {
      return false;
    }
  });
}

const postRoute = createRoute({
  method: "post",
  path: "/api/search",
  summary: "The same search with the text in a JSON body, for long pasted logs",
  middleware: [limitBody(BODY_LIMITS.searchJson, "the request body (q up to 64 KiB)")] as const,
  request: { body: { required: true, content: { "application/json": { schema: SearchBody } } } },
  responses: searchResponses,
});

async function answer(
  deps: AppDeps,
  text: string,
  limit: number,
  filters: Record<string, string | undefined>,
) {
  const problem = checkQueryText(text);
  if (problem) throw queryProblemError(problem, "q");
  try {
    // The answer echoes the paste (query, lines, why): never send a credential back out.
    return redactedOutcome(await searchServiceOf(deps).search({ text, limit, filters }));
  } catch (error) {
    if (error instanceof SearchInputError) throw queryProblemError(error.problem, "q");
    throw error;
  }
}

export function registerSearch(app: AppRouter): void {
  app.openapi(postRoute, async (c) => {
    const { q, limit, ...filters } = c.req.valid("json");
    return c.json(await answer(c.var.deps, q, limit, filters), 200);
  });

  app.openapi(route, async (c) => {
    const { q, limit, ...filters } = c.req.valid("query");
    if (!rawParamIsUtf8(c.req.url, "q"))
      throw new AppError("BAD_REQUEST", "q: the text is not valid UTF-8; paste it as text");
    return c.json(await answer(c.var.deps, q, limit, filters), 200);
  });
}
