/**
 * Deterministic synthetic corpus of SeldonIO GitHub issues, comments and pull requests.
 *
 * Written by the team in the real message formats with made-up values (never copied from GitHub).
 * The same seed and options always give byte-identical JSON: a seeded PRNG and a fixed base date,
 * no clock and no Math.random. It scales linearly (100k issues in a few seconds) for benchmarks.
 *
 * Error families (key: what the issue pastes; see scripts/corpus/families.ts for the renderers):
 * seldon-core only
 * - scheduler-no-matching-servers: "Failed to schedule model as no matching servers are available" (logfmt/k9s, kubectl, seldon CLI)
 * - scheduler-not-enough-replicas: "... no matching server had enough suitable replicas"
 * - webhook-x509-unknown-authority / webhook-connection-refused / webhook-no-endpoints / webhook-service-not-found:
 *   "failed calling webhook ..." with its cause (kubectl apply, helm upgrade, operator zap "Reconciler error")
 * - envoy-upstream-connect-error: 503 "upstream connect error or disconnect/reset before headers" (curl -v, seldon CLI)
 * - envoy-no-healthy-upstream: 503 "no healthy upstream" (curl -v, seldon CLI)
 * - no-matches-kind-seldondeployment / -model / -deployment / -crd: `no matches for kind "X"`, one family per kind
 * - executor-ready-check-failed: zap "Ready check failed" dial tcp 127.0.0.1:PORT connection refused
 * - microservice-bad-data: MICROSERVICE_BAD_DATA JSON body and python wrapper dict repr
 * - rclone-section-missing: rclone "didn't find section in config file" (initializer and Core 2 agent)
 * - kafka-resolve-failure: librdkafka "Failed to resolve '<host>:9092'"
 * - scheduler-grpc-unavailable: "event recv failed" rpc error code = Unavailable
 * - leader-election-forbidden: klog leaderelection "cannot get resource leases"
 * - pipeline-partitions-timeout: "timed out waiting for partitions to be assigned to consumer"
 * - gunicorn-worker-timeout: gunicorn "[CRITICAL] WORKER TIMEOUT (pid:N)"
 * - agent-model-settings-missing: "Failed to find an mlserver model-settings.json file"
 * both repos
 * - crashloopbackoff, oomkilled (kubectl get/describe), readiness-probe-503 (kubectl events)
 * - grpc-message-too-large: ResourceExhausted "received message larger than max (A vs. B)"
 * - mlserver-module-not-found: WorkerError builtins.ModuleNotFoundError (traceback, gRPC status in agent log)
 * - json-not-serializable: TypeError "Object of type X is not JSON serializable" (traceback)
 * MLServer only
 * - mlserver-pydantic-basesettings: ImportError "cannot import name 'BaseSettings' from 'pydantic'"
 * - mlserver-model-not-found: 404 "Model X not found" (uvicorn + body, Python gRPC error)
 * - mlserver-worker-stopped: "Worker with PID N on X stopped unexpectedly with exit code N"
 * - mlserver-env-hash-not-found: "Environment with hash '<sha>' was not found for model 'X'"
 * Noise has family null: questions, feature requests, docs requests and pull requests (~5%).
 * Sometimes the error is only in a comment, sometimes a second paste (other wrapper) follows in one.
 */

import { makeComment, makeRepo, makeUser } from "../../src/emulators/github-shapes";
import type { Corpus, GitHubComment, GitHubIssue, GitHubRepo } from "../../src/emulators/github-types";
import { CORE, FAMILIES, type Family, MLSERVER } from "./families";
import { buildComments, type CommentDraft, type IssuePlan, type People, planIssue } from "./issue-plan";
import { Rng } from "./prng";

export type {
  Corpus,
  GitHubComment,
  GitHubIssue,
  GitHubLabel,
  GitHubRepo,
  GitHubUser,
} from "../../src/emulators/github-types";

export interface GenerateOptions {
  seed: number;
  /** Issues per repo: one number for both, or per "Owner/repo". Default 220 seldon-core + 110 MLServer. */
  issuesPerRepo?: number | Partial<Record<string, number>>;
  /** Total issues split 2:1 between seldon-core and MLServer; overrides issuesPerRepo. */
  totalIssues?: number;
  /** Mean comments per issue; the total is exactly round(issues × avgComments) when feasible. Default 3. */
  avgComments?: number;
  /** Share of pull requests, spread evenly. Default 0.05. */
  prFraction?: number;
  /** Share of non-PR issues that are questions or feature requests without an error. Default 0.2. */
  noiseFraction?: number;
  /** First issue's creation time. Default 2022-01-03T09:00:00Z. */
  baseDate?: string;
  /** Days over which issue creation is spread. Default 1000. */
  spanDays?: number;
}

export const REPOS = [CORE, MLSERVER] as const;

function repoCounts(o: GenerateOptions): number[] {
  if (o.totalIssues !== undefined) {
    const core = Math.round((o.totalIssues * 2) / 3);
    return [core, o.totalIssues - core];
  }
  const per = o.issuesPerRepo;
  if (typeof per === "number") return [per, per];
  return [per?.[CORE] ?? 220, per?.[MLSERVER] ?? 110];
}

function familyCycle(rng: Rng, repo: string): () => Family {
  const eligible = FAMILIES.filter((f) => f.repo === repo || f.repo === "both");
  let queue: Family[] = [];
  return () => {
    if (queue.length === 0) {
      queue = [...eligible];
      for (let i = queue.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [queue[i], queue[j]] = [queue[j] as Family, queue[i] as Family];
      }
    }
    return queue.pop() as Family;
  };
}

function makePeople(rng: Rng): People {
  const first = [
    "ana",
    "bo",
    "chen",
    "dev",
    "eli",
    "farah",
    "gus",
    "hana",
    "ivo",
    "jun",
    "kai",
    "lena",
    "milo",
    "nia",
    "omar",
    "pia",
  ];
  const second = ["ml", "ops", "data", "k8s", "dev", "infra", "ai", "eng"];
  const users = [];
  for (let i = 0; i < 240; i++)
    users.push(makeUser(`${rng.pick(first)}-${rng.pick(second)}${rng.int(1, 999)}`, 5_100_000 + i * 37));
  const maintainers = ["core-mira", "sched-rafa", "mlops-ivan", "tensor-jo", "runtime-sam"].map((l, i) =>
    makeUser(l, 4_200_000 + i * 11),
  );
  return {
    users,
    maintainers,
    staleBot: makeUser("stale[bot]", 4_900_001, "Bot"),
    depBot: makeUser("dependabot[bot]", 4_900_002, "Bot"),
  };
}

/** Exact comment counts: random around the mean, never below what the thread needs, summing to the target. */
function commentCounts(rng: Rng, plans: IssuePlan[], avg: number): number[] {
  const counts = plans.map((p) => p.required + rng.int(0, Math.max(0, Math.round(avg * 2) - p.required)));
  let sum = counts.reduce((a, b) => a + b, 0);
  const target = Math.round(plans.length * avg);
  for (let guard = 0; sum !== target && guard < plans.length * 20; guard++) {
    const i = rng.int(0, plans.length - 1);
    const plan = plans[i] as IssuePlan;
    const c = counts[i] as number;
    if (sum > target && c > plan.required) {
      counts[i] = c - 1;
      sum--;
    } else if (sum < target) {
      counts[i] = c + 1;
      sum++;
    }
  }
  return counts;
}

export function generateCorpus(opts: GenerateOptions): Corpus {
  const rng = new Rng(opts.seed);
  const counts = repoCounts(opts);
  const total = counts.reduce((a, b) => a + b, 0);
  const base = Date.parse(opts.baseDate ?? "2022-01-03T09:00:00Z") / 1000;
  const step = ((opts.spanDays ?? 1000) * 86400) / Math.max(1, total);
  const people = makePeople(rng);
  const org = makeUser("SeldonIO", 4_000_001, "Organization");
  const repos: GitHubRepo[] = REPOS.map((name, i) =>
    makeRepo(
      name,
      100_001 + i,
      org,
      "2017-12-20T10:00:00Z",
      i === 0
        ? "An MLOps framework to package, deploy, monitor and manage thousands of production machine learning models"
        : "An inference server for your machine learning models",
    ),
  );
  const cycles = REPOS.map((r) => familyCycle(rng, r));
  const remaining = [...counts];
  const seen = [0, 0];
  const plans: IssuePlan[] = [];
  const prFraction = opts.prFraction ?? 0.05;
  let created = base;
  for (let i = 0; i < total; i++) {
    const r = rng.weighted(remaining);
    remaining[r] = (remaining[r] ?? 0) - 1;
    const index = seen[r] ?? 0;
    seen[r] = index + 1;
    // Spread evenly over the whole timeline so the PR count is exactly floor(total × prFraction).
    const isPr = Math.floor((i + 1) * prFraction) > Math.floor(i * prFraction);
    const kind = isPr ? "pr" : rng.chance(opts.noiseFraction ?? 0.2) ? "noise" : "error";
    const nextFamily = cycles[r] as () => Family;
    plans.push(
      planIssue(rng, people, {
        repo: repos[r] as GitHubRepo,
        number: index + 1,
        id: 1_000_000_000 + i * 13 + rng.int(0, 12),
        kind,
        family: kind === "error" ? nextFamily() : null,
        created: Math.floor(created),
      }),
    );
    created += step * (0.5 + rng.next());
  }
  const perIssue = commentCounts(rng, plans, opts.avgComments ?? 3);
  const issues: GitHubIssue[] = [];
  const families: Record<string, string | null> = {};
  const drafts: CommentDraft[] = [];
  plans.forEach((plan, i) => {
    issues.push(buildComments(rng, people, plan, perIssue[i] ?? 0, drafts));
    families[`${plan.repo.full_name}#${plan.number}`] = plan.family?.key ?? null;
  });
  const comments = materialiseComments(drafts);
  // materialiseComments sorted the drafts into comment order: drafts[i] became comments[i].
  const fixes: Record<string, number> = {};
  drafts.forEach((d, i) => {
    if (d.fix) fixes[`${d.fullName}#${d.number}`] = comments[i]!.id;
  });
  for (const issue of issues) {
    const repo = repos.find((r) => r.url === issue.repository_url);
    if (repo && issue.state === "open") repo.open_issues_count++;
  }
  return { repos, issues, comments, families, fixes };
}

/** GitHub comment ids grow with creation time, so ids are given once every thread is laid out. */
function materialiseComments(drafts: CommentDraft[]): GitHubComment[] {
  drafts.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.seq - b.seq));
  return drafts.map((d, i) =>
    makeComment(
      d.fullName,
      d.number,
      1_500_000_000 + i * 7,
      d.body,
      d.user,
      d.association,
      d.created,
      d.updated,
    ),
  );
}
