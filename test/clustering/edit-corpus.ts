// A small corpus that a property test edits: issues built from a pool of error lines (some of them
// sharing the end of their chain, so linking has work to do), questions without errors, comments.
import { asc, eq } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { markIssuesChangedStatements } from "../../src/db/queries/ingest.js";
import { markRefreshPendingStatement } from "../../src/db/queries/refresh.js";
import { deleteCommentStatements } from "../../src/db/queries/webhook.js";
import { clusterRules, clusters, issueSignatures, issues } from "../../src/db/schema.js";
import { storeGitHubItems } from "../../src/github/store-items.js";

const REPO = "SeldonIO/seldon-core";

const LINES = [
  (v: number) =>
    `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 10.0.${v}.1:9000: connect: connection refused"`,
  (v: number) =>
    `ModuleNotFoundError: No module named 'mlserver_${["sklearn", "xgboost", "lightgbm"][v % 3]}'`,
  (v: number) =>
    `Error from server (InternalError): error when creating "model-${v}.yaml": Internal error occurred: failed calling webhook "v1.vseldondeployment.kb.io": Post "https://seldon-webhook-service.seldon-system.svc:443/validate": x509: certificate signed by unknown authority`,
  () => "Failed to schedule model as no matching servers are available",
  (v: number) => `ValueError: Expected 2D array, got 1D array instead: array=[${v}. 2. 3.]`,
  () => "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
  (v: number) =>
    `Post "http://seldon-scheduler.seldon-mesh:${9000 + v}/v1/models": dial tcp: lookup seldon-scheduler on 10.96.0.10:53: no such host`,
];

const PROSE = [
  "We deployed the model and it fails with the error below.",
  "Same here after upgrading to 2.8.",
  "Any idea what causes this?",
];

/** A text from a number: an error line (in a fence or pasted as prose), or a question without one. */
export function textFor(n: number): string {
  if (n % 9 === 8) return "How do I configure autoscaling for a model? The docs do not say.";
  const line = LINES[n % LINES.length]!(Math.floor(n / LINES.length) % 4);
  const prose = PROSE[n % PROSE.length]!;
  return n % 4 === 3 ? `${prose} I get ${line}` : `${prose}\n\n\`\`\`\n${line}\n\`\`\``;
}

export interface Model {
  issues: Map<number, Record<string, unknown>>;
  comments: Map<number, Record<string, unknown>>;
  tick: number;
}

export const newModel = (): Model => ({ issues: new Map(), comments: new Map(), tick: 0 });

const at = (model: Model) => new Date(Date.UTC(2026, 10, 1, 0, 0, model.tick++)).toISOString();

export function issueItem(model: Model, number: number, title: string, body: string, state = "open") {
  const now = at(model);
  const prev = model.issues.get(number);
  const item = {
    id: 50_000 + number,
    number,
    title,
    body,
    state,
    labels: [],
    html_url: `https://github.com/${REPO}/issues/${number}`,
    created_at: (prev?.created_at as string) ?? now,
    updated_at: now,
  };
  model.issues.set(number, item);
  return item;
}

export function commentItem(model: Model, number: number, body: string) {
  const now = at(model);
  const id = 90_000 + model.tick;
  const item = {
    id,
    body,
    html_url: `https://github.com/${REPO}/issues/${number}#issuecomment-${id}`,
    issue_url: `https://api.github.com/repos/${REPO}/issues/${number}`,
    created_at: now,
    updated_at: now,
  };
  model.comments.set(id, item);
  return item;
}

/** Deletes a comment the way the webhook does: tombstone, its issue marked changed, refresh pending. */
export async function deleteComment(database: Database, model: Model, id: number): Promise<void> {
  const comment = model.comments.get(id);
  if (!comment) return;
  model.comments.delete(id);
  const number = Number(/\/issues\/(\d+)$/.exec(String(comment.issue_url))?.[1]);
  const now = at(model);
  const { db, limits } = database;
  await database.atomic([
    ...deleteCommentStatements(db, { id, updatedAt: now, deletedAt: now }),
    ...markIssuesChangedStatements(db, REPO.toLowerCase(), [number], limits),
    markRefreshPendingStatement(db, now),
  ]);
}

export async function storeItems(
  database: Database,
  model: Model,
  items: { issues?: object[]; comments?: object[] },
) {
  await storeGitHubItems(database, { issues: items.issues ?? [], comments: items.comments ?? [] }, at(model));
}

/** The same data, stored at once into another database with the same curator rules. */
export async function copyInto(target: Database, source: Database, model: Model): Promise<void> {
  await storeItems(target, model, {
    issues: [...model.issues.values()],
    comments: [...model.comments.values()],
  });
  const rules = await source.db.select().from(clusterRules);
  if (rules.length > 0) await target.atomic([target.db.insert(clusterRules).values(rules)]);
}

/** Everything the re-cluster writes, per issue key and per cluster id. */
export async function clusteringState(database: Database) {
  const { db } = database;
  const rows = await db.select().from(issues).orderBy(asc(issues.id));
  const sigs = await db
    .select({
      id: issueSignatures.issueId,
      signatureId: issueSignatures.signatureId,
      role: issueSignatures.role,
      sample: issueSignatures.sample,
      masks: issueSignatures.masks,
    })
    .from(issueSignatures)
    .innerJoin(issues, eq(issues.id, issueSignatures.issueId));
  const sigsOf = (id: number) =>
    sigs
      .filter((s) => s.id === id)
      .map((s) => JSON.stringify([s.signatureId, s.role, s.sample, s.masks]))
      .sort();
  const byIssue = Object.fromEntries(
    rows.map((r) => [
      `${r.repo}#${r.number}`,
      {
        clusterId: r.clusterId,
        primary: r.primarySignatureId,
        ties: r.clusterTies,
        signatures: sigsOf(r.id),
        needsAnalysis: r.needsAnalysis,
      },
    ]),
  );
  const clusterRows = await db.select().from(clusters).orderBy(asc(clusters.id));
  const byCluster = Object.fromEntries(
    clusterRows.map((c) => [
      c.id,
      { template: c.template, signatureIds: c.signatureIds, issueCount: c.issueCount },
    ]),
  );
  return { byIssue, byCluster };
}

type State = Awaited<ReturnType<typeof clusteringState>>;

/** The same state with cluster ids replaced by the sorted keys of their members (ids may differ). */
export function withoutIds(state: State) {
  const members = new Map<string, string[]>();
  for (const [key, i] of Object.entries(state.byIssue))
    if (i.clusterId) members.set(i.clusterId, [...(members.get(i.clusterId) ?? []), key]);
  const name = (id: string | null) => (id ? (members.get(id) ?? []).sort().join(" ") : null);
  return {
    byIssue: Object.fromEntries(
      Object.entries(state.byIssue).map(([k, i]) => [k, { ...i, clusterId: name(i.clusterId) }]),
    ),
    clusters: Object.entries(state.byCluster)
      .map(([id, c]) => ({ members: name(id), ...c }))
      .sort((a, b) => (a.members ?? "").localeCompare(b.members ?? "")),
  };
}
