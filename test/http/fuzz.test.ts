// Property: whatever arrives, the app never answers 5xx, and API routes answer errors as
// application/problem+json. Routes come from the running app (its OpenAPI document and app.routes),
// so routes other branches add are fuzzed without touching this file. FUZZ_RUNS scales the run.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listClusterRows } from "../../src/db/queries/search.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";
import { makeTestApp, TEST_ADMIN_TOKEN, TEST_NOW } from "../helpers/test-app.js";
import { makeTestDb } from "../helpers/test-db.js";
import {
  bodyArb,
  contentTypeArb,
  headersFor,
  queryArb,
  SLACK_SECRET,
  segmentArb,
  signingArb,
  WEBHOOK_SECRET,
} from "./fuzz-inputs.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const NOW_SECONDS = Math.floor(Date.parse(TEST_NOW) / 1000);

interface FuzzRoute {
  method: string;
  /** Hono style: `/api/clusters/:id`, `/clusters/*`. */
  path: string;
  api: boolean;
  queryNames: string[];
}

type OpenApiDoc = { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };

/** Every route the app registers, with the query parameters its OpenAPI operation declares. */
function discoverRoutes(routes: { method: string; path: string }[], doc: OpenApiDoc): FuzzRoute[] {
  const found = new Map<string, FuzzRoute>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const honoPath = path.replace(/\{([^}]+)\}/g, ":$1");
      const queryNames = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      found.set(`${method.toUpperCase()} ${honoPath}`, {
        method: method.toUpperCase(),
        path: honoPath,
        api: true,
        queryNames,
      });
    }
  }
  for (const r of routes) {
    if (r.method === "ALL" || found.has(`${r.method} ${r.path}`)) continue;
    const api = /^\/(?:api|slack|github)\//.test(r.path) || r.path === "/openapi.json";
    found.set(`${r.method} ${r.path}`, { method: r.method, path: r.path, api, queryNames: ["q"] });
  }
  return [...found.values()];
}

describe("fuzzing every route", () => {
  const database = makeTestDb();
  const { app } = makeTestApp({
    database,
    slackSigningSecret: SLACK_SECRET,
    githubWebhookSecret: WEBHOOK_SECRET,
    publicUrl: "https://kb.example.org",
    // Slow Slack searches would post follow-ups; answer within the request instead.
    slackReplyDeadlineMs: 60_000,
  });
  const tally = {
    requests: 0,
    serverErrors: 0,
    byRoute: new Map<string, number>(),
    byStatus: new Map<number, number>(),
  };
  let routes: FuzzRoute[] = [];
  let clusterIds: string[] = [];

  beforeAll(async () => {
    await seedCorpus(database, corpus);
    clusterIds = (await listClusterRows(database.db)).slice(0, 5).map((c) => c.id);
    const doc = (await (await app.request("/openapi.json")).json()) as OpenApiDoc;
    routes = discoverRoutes(app.routes, doc);
  });
  afterAll(() => {
    const list = (m: Map<unknown, number>) => [...m].map(([k, n]) => `${k}: ${n}`).join(", ");
    console.info(`fuzz: ${tally.requests} requests, ${tally.serverErrors} answered 5xx`);
    console.info(`  by route: ${list(tally.byRoute)}`);
    console.info(`  by status: ${list(new Map([...tally.byStatus].sort((a, b) => a[0] - b[0])))}`);
  });

  async function send(route: FuzzRoute, url: string, method: string, init: RequestInit) {
    let request: Request;
    try {
      request = new Request(new URL(url, "http://kb.test"), { ...init, method });
    } catch {
      return; // not a request a client could send (e.g. a body on GET): nothing to try
    }
    const res = await app.request(request);
    await res.arrayBuffer();
    tally.requests += 1;
    const key = `${route.method} ${route.path}`;
    tally.byRoute.set(key, (tally.byRoute.get(key) ?? 0) + 1);
    tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
    if (res.status >= 500) tally.serverErrors += 1;
    expect(res.status, `${method} ${url.slice(0, 200)}`).toBeLessThan(500);
    if (route.api && res.status >= 400 && method !== "HEAD")
      expect(res.headers.get("content-type"), `${method} ${url.slice(0, 200)}`).toContain(
        "application/problem+json",
      );
  }

  it("finds the app's routes, including every OpenAPI operation and every page", () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        "GET /api/search",
        "POST /api/search",
        "GET /",
        "POST /",
        "GET /clusters/:id",
        "POST /slack/commands",
        "POST /github/webhook",
      ]),
    );
  });

  it("never answers 5xx on any route, and API routes answer errors as problem+json", async () => {
    for (const route of routes) {
      const request = fc.record({
        segments: fc.array(segmentArb(clusterIds), { minLength: 1, maxLength: 3 }),
        query: queryArb(route.queryNames),
        method: fc.oneof({ weight: 4, arbitrary: fc.constant(route.method) }, fc.constantFrom(...METHODS)),
        body: bodyArb,
        contentType: contentTypeArb,
        signing: signingArb,
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let i = 0;
          const path = route.path
            .replace(/:[A-Za-z_]+/g, () => r.segments[i++ % r.segments.length] ?? "x")
            .replace(/\*$/, r.segments.join("/"));
          const headers = await headersFor(r.signing, r.body, r.contentType, NOW_SECONDS, TEST_ADMIN_TOKEN);
          const withBody = r.method !== "GET" && r.method !== "HEAD" && r.body !== undefined;
          await send(route, `${path}${r.query}`, r.method, {
            headers,
            body: withBody ? (r.body as BodyInit) : undefined,
          });
        }),
        { numRuns: RUNS },
      );
    }
    expect(tally.serverErrors).toBe(0);
    // RUNS requests per route over ~60 routes: bounded by count, not by time, so a loaded machine
    // gets room (the timeout is no speed assertion).
  }, 300_000);

  it("never answers 5xx on paths no route registers", async () => {
    const stray: FuzzRoute = { method: "ANY", path: "(unregistered)", api: true, queryNames: [] };
    await fc.assert(
      fc.asyncProperty(
        fc.array(segmentArb(clusterIds), { minLength: 1, maxLength: 6 }),
        fc.constantFrom("", "/api", "/clusters", "/slack", "/github", "/entries", "/%2e%2e"),
        fc.constantFrom(...METHODS),
        async (segments, prefix, method) => {
          const url = `${prefix}/${segments.join("/")}`;
          const known = routes.some((r) =>
            new RegExp(`^${r.path.replace(/:[^/]+/g, "[^/]+").replace(/\*$/, ".*")}$`).test(url),
          );
          // Under a page prefix an unknown path is a page's business (HTML), elsewhere the API's.
          const page = /^\/(?:clusters|entries|queue|corrections|export)\//.test(url);
          await send({ ...stray, api: !known && !page }, url, method, {});
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });
});
