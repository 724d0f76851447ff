// What real users paste, one class at a time, over a small corpus written for these tests: relay
// chains around one cause, several errors per report, lines cut off mid-word, JSON log lines cut
// before their closing brace, lines that are not "error lines" at all, and text nobody reported.
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { fixedClock } from "../../src/domain/clock.js";
import { makeIssue, makeUser } from "../../src/emulators/github-shapes.js";
import { createSearchService, type SearchService } from "../../src/search/index.js";
import { loadSearchIndex } from "../../src/search/index-store.js";
import { memoryLookups } from "../../src/search/memory-lookups.js";
import { fullTextTerms, queryLines } from "../../src/search/ranking.js";
import { seedCorpus } from "../helpers/seed.js";
import { makeTestDb } from "../helpers/test-db.js";

const NOW = "2026-11-26T12:00:00Z";
const REPO = "SeldonIO/seldon-core";
const user = makeUser("reporter", 7);
const fence = (s: string) => `Logs:\n\n\`\`\`\n${s}\n\`\`\`\n`;

const THREADS: [number, string, string][] = [
  // One admission-webhook failure through three relays.
  [
    1,
    "kubectl apply fails",
    fence(
      'Error from server (InternalError): error when creating "dep.yaml": Internal error occurred: failed calling webhook "v1.mutate.kb.example.io": Post "https://hook-svc.ops.svc:443/mutate?timeout=10s": x509: certificate has expired or is not yet valid',
    ),
  ],
  [
    2,
    "helm upgrade fails",
    fence(
      'Error: UPGRADE FAILED: Internal error occurred: failed calling webhook "v1.mutate.kb.example.io": Post "https://hook-svc.prod.svc:443/mutate?timeout=10s": x509: certificate has expired or is not yet valid',
    ),
  ],
  [
    3,
    "operator keeps logging",
    fence(
      '{"level":"error","ts":1700000000.1,"msg":"Reconciler error","error":"Internal error occurred: failed calling webhook \\"v1.mutate.kb.example.io\\": Post \\"https://hook-svc.x.svc:443/mutate?timeout=10s\\": x509: certificate has expired or is not yet valid"}',
    ),
  ],
  // Several errors in one report: the probe event and the sidecar's own line.
  [
    4,
    "pod never becomes ready",
    fence(
      [
        "  Warning  Unhealthy  2m (x40 over 9m)  kubelet  Readiness probe failed: HTTP probe failed with statuscode: 503",
        '{"level":"error","msg":"Ready check failed","error":"dial tcp 127.0.0.1:7311: connect: connection refused"}',
      ].join("\n"),
    ),
  ],
  // A Python error, pasted whole.
  [
    5,
    "importing the runtime fails",
    fence(
      [
        "Traceback (most recent call last):",
        '  File "/srv/app/runtime.py", line 3, in <module>',
        "    from widgets.loader import FrobnicatorConfig",
        "ImportError: cannot import name 'FrobnicatorConfig' from 'widgets.loader' (/srv/venv/widgets/loader.py)",
      ].join("\n"),
    ),
  ],
  // A report whose only trace of the problem is an INFO line and a CSV row from a load test.
  [
    6,
    "latency doubles under load",
    "We ran the load test and the p99 doubled.\n\n```\nINFO:batcher:flushing partial batch of 3 after 250ms timeout\nts,rps,p50_ms,p99_ms\n1700000100,480,41,912\n```\n",
  ],
  // Another module's ImportError, pasted with the site-packages path every conda image has.
  [
    7,
    "gadgets import breaks",
    fence(
      "ImportError: cannot import name 'GizmoSpec' from 'gadgets.core' (/opt/conda/lib/python3.9/site-packages/gadgets/core/__init__.py)",
    ),
  ],
  // A report that names its error only in the title.
  [8, "integration tests fail: cannot import name 'Sprocket'", "Pinning cogs to 0.9 fixes it for now."],
  // A resolver error, and a thread that only shares version numbers with a later paste of it.
  [9, "Could not find a version that matches cogwheel<8.0,>=8.0.0a1", "Happens on every image build."],
  [10, "latency regressed", "p50 went from 41 ms on 2.0.0 to 60 ms on 2.0.1 and stayed there."],
  // The gateway's bare not-found body.
  [11, "prediction endpoint not reachable through the gateway", fence("404 page not found")],
];

let database: Database;
let search: SearchService;
const clock = fixedClock(NOW);

beforeAll(async () => {
  database = makeTestDb();
  const issues = THREADS.map(([n, title, body]) =>
    makeIssue({
      fullName: REPO,
      id: 70_000 + n,
      number: n,
      title,
      body,
      user,
      association: "NONE",
      labels: [],
      createdAt: "2026-10-01T10:00:00Z",
      pr: null,
      plusOne: 0,
    }),
  );
  await seedCorpus(database, { issues, comments: [] }, NOW);
  search = createSearchService({ database, clock });
});

const top = async (text: string, limit = 3) => (await search.search({ text, limit })).results;
const numbers = (hits: { issues: { number: number }[] }[]) =>
  hits.flatMap((h) => h.issues.map((i) => i.number));

describe("search on what real users paste", () => {
  it("finds one cause whichever relay the paste came through", async () => {
    const kfctl =
      '(kubeflow.error): Code 500 with message: Apply.Run : error when creating "/tmp/kout1": Internal error occurred: failed calling webhook "v1.mutate.kb.example.io": Post "https://hook-svc.kf.svc:443/mutate?timeout=30s": x509: certificate has expired or is not yet valid';
    const [first] = await top(kfctl);
    expect(first?.type).toBe("cluster");
    expect(numbers([first!]).sort()).toEqual([1, 2, 3]);
  });

  it("answers either error of a report that shows two", async () => {
    for (const line of [
      "Readiness probe failed: HTTP probe failed with statuscode: 503",
      "Ready check failed: dial tcp 10.0.0.5:7311: connect: connection refused",
    ])
      expect(numbers((await top(line)).slice(0, 3))).toContain(4);
  });

  it("matches a line cut off mid-word and a JSON log line cut before its closing brace", async () => {
    expect(
      numbers(
        (await top("ImportError: cannot import name 'FrobnicatorConfig' from 'widgets.lo")).slice(0, 1),
      ),
    ).toEqual([5]);
    const cutJson =
      '{"level":"error","ts":1700000999.5,"msg":"Reconciler error","error":"Internal error occurred: failed calling webhook \\"v1.mutate.kb.example.io\\": Post \\"https://hook-svc.y.svc:443/mut';
    expect(numbers((await top(cutJson)).slice(0, 1))).toContain(3);
  });

  it("finds a thread by a line that is no error at all: an INFO line, a CSV row", async () => {
    const info = await search.search({
      text: "INFO:batcher:flushing partial batch of 3 after 250ms timeout",
      limit: 3,
    });
    expect(info.results[0]?.type).toBe("issue");
    expect(numbers(info.results.slice(0, 1))).toEqual([6]);
    expect(info.confidence).not.toBe("none");
    expect(numbers(await top("1700000100,480,41,912"))).toContain(6);
  });

  it("searches the names a line is about, not its path, and never takes another name's error for it", async () => {
    const pasted =
      "ImportError: cannot import name 'Sprocket' from 'cogs' (/opt/conda/lib/python3.9/site-packages/cogs/__init__.py)";
    const results = await top(pasted);
    expect(numbers(results.slice(0, 1))).toEqual([8]);
    expect(results[0]?.why.some((w) => w.kind === "near")).toBe(false);
  });

  it("looks up a paste's words, not its version numbers or its path's directories", async () => {
    await top("warm up");
    const index = await loadSearchIndex(database);
    if (!index) throw new Error("no index");
    const lookups = memoryLookups(index);
    const termsOf = async (text: string) => {
      const { lines, prose } = await queryLines(lookups, text);
      return fullTextTerms(lookups, text, lines, prose);
    };
    const resolver = await termsOf("Could not find a version that matches gizmo<2.0.0,>=2.0.1");
    expect(resolver).toContain("matches");
    expect(resolver.filter((t) => /\d/.test(t))).toEqual([]);
    const pathy = await termsOf(
      "ImportError: cannot import name 'Sprocket' from 'cogs' (/opt/conda/lib/python3.9/site-packages/cogs/__init__.py)",
    );
    expect(pathy).toContain("sprocket");
    expect(pathy.filter((t) => ["opt", "conda", "init", "site"].includes(t))).toEqual([]);
  });

  it("reads a log pasted without a fence as a log: a bare status body between curl's headers counts", async () => {
    const dump = [
      "$ curl -v -X POST http://10.1.2.3/gw/prod/scorer/api/v1.0/predictions",
      "> POST /gw/prod/scorer/api/v1.0/predictions HTTP/1.1",
      "< HTTP/1.1 503 Service Unavailable",
      "< server: istio-envoy",
      "404 page not found",
      "* Connection #0 to host 10.1.2.3 left intact",
    ].join("\n");
    expect(numbers((await top(dump)).slice(0, 3))).toContain(11);
  });

  it("says how sure it is: strong for a known error, none for text nobody reported", async () => {
    const known = await search.search({
      text: "x509: certificate has expired or is not yet valid",
      limit: 3,
    });
    expect(known.confidence).toBe("strong");
    expect(known.results[0]?.why.length).toBeGreaterThan(0);
    const unknown = await search.search({ text: "zqxv wubble frangible outrigger", limit: 3 });
    expect(unknown.confidence).toBe("none");
    expect(unknown.results).toEqual([]);
  });
});
