// The isolate stand-in for `npm run bench -- --only workers`: runs under --max-old-space-size=128
// with the D1 stand-in over a file, and drives the Worker's own handlers. `cron` runs scheduled
// invocations one after another until the ingest is caught up and no refresh is pending; `search`
// is an isolate just started: the first search, then warm ones; `change` delivers one signed webhook
// (a new issue copying a member of the largest cluster) to a database already built, and times the
// invocation that stores and refreshes it. One JSON line per result on stdout.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SqliteD1 } from "../../src/db/sqlite-d1.js";
import { signHmacSha256 } from "../../src/http/hmac.js";
import worker, { type Env } from "../../src/worker.js";

const { values } = parseArgs({
  options: {
    mode: { type: "string" },
    db: { type: "string" },
    api: { type: "string" },
    repos: { type: "string" },
    "max-invocations": { type: "string", default: "400" },
    "warm-queries": { type: "string", default: "300" },
    // The Worker's KB_SEARCH_INDEX: `database` (per-query lookups) or `memory` (loaded and kept).
    "search-index": { type: "string", default: "database" },
  },
});

const WEBHOOK_SECRET = "bench-webhook-secret";

const emit = (line: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

let heapPeak = 0;
// Per refresh step (or "other": the ingest and the runner's bookkeeping outside a step), within one
// invocation: heap peak, CPU and D1 calls, so the clustering steps' figures stand apart from the rest.
interface StepFigures {
  heapPeak: number;
  cpuUs: number;
  calls: number;
}
let perStep = new Map<string, StepFigures>();
let current = "other";
let lastCpu = process.cpuUsage();
const figuresOf = (step: string) => {
  let f = perStep.get(step);
  if (!f) {
    f = { heapPeak: 0, cpuUs: 0, calls: 0 };
    perStep.set(step, f);
  }
  return f;
};
const sampleHeap = () => {
  const used = process.memoryUsage().heapUsed;
  if (used > heapPeak) heapPeak = used;
  const f = figuresOf(current);
  if (used > f.heapPeak) f.heapPeak = used;
};
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const stepFigures = () =>
  Object.fromEntries(
    [...perStep].map(([name, f]) => [
      name,
      { heapPeakMb: mb(f.heapPeak), cpuMs: Math.round(f.cpuUs / 1000), d1Calls: f.calls },
    ]),
  );
// The step running is the one the job names while the runner holds the lease (read directly from
// the file, not through the metered binding).
let readStep: (() => string) | null = null;
const closeSegment = () => {
  sampleHeap();
  const cpu = process.cpuUsage(lastCpu);
  lastCpu = process.cpuUsage();
  figuresOf(current).cpuUs += cpu.user + cpu.system;
};
// When the refresh leaves the re-cluster's steps, their figures are printed at once: a later step
// (the search index) may still run this isolate out of memory, and they must not be lost with it.
const CLUSTER_STEPS = new Set(["extract", "link", "write"]);
let invocationNumber = 0;
const onCall = () => {
  closeSegment();
  const previous = current;
  current = readStep?.() ?? "other";
  if (CLUSTER_STEPS.has(previous) && !CLUSTER_STEPS.has(current) && current !== "other")
    emit({ kind: "cluster-steps", invocation: invocationNumber, steps: stepFigures() });
  figuresOf(current).calls += 1;
  sampleHeap();
};
const standIn = new SqliteD1({ path: values.db, migrate: values.mode !== "search", onCall });
const leaseHeld = standIn.sqlite.prepare("select 1 from leases where name = 'refresh:knowledge'");
const jobStep = standIn.sqlite.prepare("select step_name from refresh_state where id = 'knowledge'");
readStep = () =>
  leaseHeld.get()
    ? ((jobStep.get() as { step_name: string | null } | undefined)?.step_name ?? "other")
    : "other";

// The Worker logs JSON lines through console.log; keep its "scheduled invocation" line, drop the rest.
let lastScheduled: Record<string, unknown> | null = null;
console.log = (line: unknown) => {
  try {
    const parsed = JSON.parse(String(line)) as Record<string, unknown>;
    if (parsed.message === "scheduled invocation") lastScheduled = parsed;
    if (parsed.level === "error") process.stderr.write(`${String(line)}\n`);
  } catch {
    process.stderr.write(`${String(line)}\n`);
  }
};

const env: Env = {
  DB: standIn.binding,
  GITHUB_REPOS: values.repos ?? "",
  GITHUB_API_URL: values.api ?? "http://127.0.0.1:9",
  GITHUB_TOKEN: "bench",
  KB_SEARCH_INDEX: values["search-index"],
  // Every warm search comes from one client: without this, all but the first twenty are 429s.
  KB_RATE_LIMIT_SEARCH: "0",
  GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
};

function context() {
  const pending: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (p: Promise<unknown>) => pending.push(p),
    passThroughOnException: () => {},
    props: {},
  } as unknown as ExecutionContext;
  return { ctx, settle: async () => void (await Promise.all(pending)) };
}

async function invocation<T>(run: (ctx: ExecutionContext) => Promise<T>) {
  standIn.beginInvocation();
  heapPeak = 0;
  perStep = new Map();
  current = "other";
  lastCpu = process.cpuUsage();
  sampleHeap();
  const timer = setInterval(sampleHeap, 10);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { ctx, settle } = context();
  const value = await run(ctx);
  await settle();
  clearInterval(timer);
  sampleHeap();
  const used = process.cpuUsage(cpu);
  closeSegment();
  return {
    steps: stepFigures(),
    value,
    wallMs: Math.round(performance.now() - started),
    cpuMs: Math.round((used.user + used.system) / 1000),
    heapPeakMb: Math.round((heapPeak / 2 ** 20) * 10) / 10,
    d1Calls: standIn.calls,
  };
}

function refreshPending(): boolean {
  const row = standIn.sqlite
    .prepare("select generation, done_generation, job_generation from refresh_state where id = 'knowledge'")
    .get() as { generation: number; done_generation: number; job_generation: number | null } | undefined;
  return !!row && (row.generation > row.done_generation || row.job_generation !== null);
}

async function cron(): Promise<void> {
  const max = Number(values["max-invocations"]);
  for (let n = 1; n <= max; n++) {
    emit({ kind: "start", invocation: n });
    invocationNumber = n;
    lastScheduled = null;
    const figures = await invocation(async (ctx) => {
      const controller = { scheduledTime: Date.now(), cron: "*/15 * * * *", noRetry: () => {} };
      await worker.scheduled(controller as ScheduledController, env, ctx);
    });
    const line = lastScheduled as Record<string, unknown> | null;
    const ingest = line?.ingest as { complete?: boolean; fetched?: number } | null | undefined;
    const refresh = line?.refresh as
      | { status?: string; completed?: number; error?: string }
      | null
      | undefined;
    emit({
      kind: "invocation",
      invocation: n,
      ...figures,
      value: undefined,
      ingestComplete: ingest?.complete ?? false,
      fetched: ingest?.fetched ?? 0,
      refreshStatus: refresh?.status ?? (ingest?.complete === false ? "waiting-for-ingest" : "none"),
      refreshError: refresh?.error,
      ingestError: line?.ingestError,
    });
    if (ingest?.complete && !refreshPending()) return emit({ kind: "done", invocations: n });
    // Only this process refreshes here: "busy" means a lease left by an isolate that died.
    if (refresh?.status === "busy") return emit({ kind: "stuck", invocations: n });
  }
  emit({ kind: "gave-up", invocations: max });
}

function queryTexts(): string[] {
  const file = resolve(import.meta.dirname, "../../test/fixtures/search-queries.json");
  const { queries } = JSON.parse(readFileSync(file, "utf8")) as {
    queries: { kind: string; text?: string }[];
  };
  return queries.filter((q) => q.kind === "exact" || q.kind === "variant").map((q) => q.text ?? "");
}

async function search(): Promise<void> {
  const texts = queryTexts();
  const ask = (ctx: ExecutionContext, text: string) =>
    worker.fetch(
      new Request(`http://kb.test/api/search?q=${encodeURIComponent(text)}&limit=5`) as never,
      env,
      ctx,
    );
  const first = await invocation(async (ctx) => (await ask(ctx, texts[0] ?? "error")).status);
  const samples: number[] = [];
  const calls: number[] = [];
  let failed = 0;
  const warm = Number(values["warm-queries"]);
  heapPeak = 0;
  const timer = setInterval(sampleHeap, 10);
  for (let i = 0; i < warm; i++) {
    standIn.beginInvocation();
    const started = performance.now();
    const { ctx, settle } = context();
    const response = await ask(ctx, texts[(i + 1) % texts.length] ?? "error");
    await response.text();
    await settle();
    samples.push(performance.now() - started);
    calls.push(standIn.calls);
    if (response.status !== 200) failed += 1;
    sampleHeap();
  }
  clearInterval(timer);
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  emit({
    kind: "search",
    status: first.value,
    firstMs: first.wallMs,
    firstHeapPeakMb: first.heapPeakMb,
    firstD1Calls: first.d1Calls,
    warmP50Ms: Math.round(p(0.5) * 10) / 10,
    warmP99Ms: Math.round(p(0.99) * 10) / 10,
    warmQueries: warm,
    warmHeapPeakMb: mb(heapPeak),
    warmD1CallsMean: Math.round((calls.reduce((a, b) => a + b, 0) / Math.max(1, calls.length)) * 10) / 10,
    warmD1CallsMax: Math.max(0, ...calls),
    searchIndex: values["search-index"],
    warmNot200: failed,
    heapUsedMb: Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10,
  });
}

/**
 * New issues, delivered as GitHub would, one invocation each: stored and refreshed by the invocation
 * that received it. Two, because the first change of a day also re-scores the whole review queue.
 */
async function change(): Promise<void> {
  for (let n = 1; n <= 2; n++) {
    const template = standIn.sqlite
      .prepare(
        `select repo, body from issues where cluster_id =
           (select id from clusters order by issue_count desc, id limit 1) order by id limit 1 offset ?`,
      )
      .get(n - 1) as { repo: string; body: string } | undefined;
    const top = standIn.sqlite.prepare("select max(id) id, max(number) number from issues").get() as {
      id: number;
      number: number;
    };
    if (!template) throw new Error("the database has no cluster: build it first");
    const number = top.number + 1;
    const now = new Date().toISOString();
    const body = JSON.stringify({
      action: "opened",
      issue: {
        id: top.id + 1,
        number,
        title: `Same error here (${number})`,
        body: template.body,
        state: "open",
        user: { login: "someone" },
        labels: [],
        html_url: `https://github.com/${template.repo}/issues/${number}`,
        created_at: now,
        updated_at: now,
      },
      repository: { full_name: template.repo },
    });
    const signature = `sha256=${await signHmacSha256(WEBHOOK_SECRET, body)}`;
    invocationNumber = n;
    const figures = await invocation(async (ctx) => {
      const response = await worker.fetch(
        new Request("http://kb.test/github/webhook", {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "x-github-event": "issues",
            "x-github-delivery": crypto.randomUUID(),
            "x-hub-signature-256": signature,
          },
        }) as never,
        env,
        ctx,
      );
      return response.status;
    });
    const clustered = standIn.sqlite.prepare("select cluster_id from issues where id = ?").get(top.id + 1) as
      | { cluster_id: string | null }
      | undefined;
    emit({
      kind: "change",
      n,
      ...figures,
      status: figures.value,
      refreshPending: refreshPending(),
      clustered: clustered?.cluster_id ?? null,
    });
  }
}

(values.mode === "search" ? search() : values.mode === "change" ? change() : cron()).then(
  () => {
    standIn.close();
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`child failed: ${(error as Error)?.stack ?? error}\n`);
    process.exit(1);
  },
);
