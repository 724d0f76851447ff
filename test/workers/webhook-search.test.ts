import { env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { signHmacSha256 } from "../../src/http/hmac.js";
import { resetD1 } from "./reset-db.js";

function issue(number: number, title: string, body: string) {
  return {
    id: 7000 + number,
    number,
    title,
    body,
    state: "open",
    user: { login: "reporter" },
    labels: [],
    html_url: `https://github.com/SeldonIO/seldon-core/issues/${number}`,
    created_at: "2026-11-01T10:00:00Z",
    updated_at: "2026-11-01T10:00:00Z",
  };
}

async function deliver(payload: unknown) {
  const body = JSON.stringify(payload);
  const signature = await signHmacSha256(env.GITHUB_WEBHOOK_SECRET, body);
  return SELF.fetch("http://kb.test/github/webhook", {
    method: "POST",
    body,
    headers: {
      "x-github-event": "issues",
      "x-hub-signature-256": `sha256=${signature}`,
      "content-type": "application/json",
    },
  });
}

/** search_key_clusters as stored, and as a recount of search_docs gives it, both sorted. */
async function keyClusters() {
  const stored = await env.DB.prepare(
    "select key, cluster_id as clusterId, n from search_key_clusters order by key, cluster_id",
  ).all<{ key: string; clusterId: string; n: number }>();
  const docs = await env.DB.prepare("select keys, cluster_id as clusterId from search_docs").all<{
    keys: string;
    clusterId: string | null;
  }>();
  const counts = new Map<string, { key: string; clusterId: string; n: number }>();
  for (const d of docs.results) {
    if (d.clusterId === null) continue;
    for (const key of new Set(d.keys.split(" ").filter(Boolean))) {
      const row = counts.get(`${key} ${d.clusterId}`) ?? { key, clusterId: d.clusterId, n: 0 };
      row.n += 1;
      counts.set(`${key} ${d.clusterId}`, row);
    }
  }
  const order = (a: { key: string; clusterId: string }, b: { key: string; clusterId: string }) =>
    a.key < b.key
      ? -1
      : a.key > b.key
        ? 1
        : a.clusterId < b.clusterId
          ? -1
          : a.clusterId > b.clusterId
            ? 1
            : 0;
  return { stored: stored.results.sort(order), recount: [...counts.values()].sort(order) };
}

describe("the Worker over D1: webhook → clusters → search", () => {
  beforeEach(resetD1);

  it("clusters webhook-delivered issues and finds them by a pasted error", async () => {
    const line = (pod: string) =>
      `{"level":"warn","ts":1700000000.5,"msg":"Failed to schedule model as no matching servers are available","model":"${pod}"}`;
    for (const [n, pod] of [
      [1, "iris"],
      [2, "income"],
    ] as const) {
      const response = await deliver({
        action: "opened",
        issue: issue(n, "Model stuck", `\`\`\`\n${line(pod)}\n\`\`\``),
      });
      expect(response.status).toBe(200);
    }
    const clusters = (await (await SELF.fetch("http://kb.test/api/clusters")).json()) as {
      clusters: { id: string; issueCount: number }[];
    };
    expect(clusters.clusters[0]?.issueCount).toBe(2);
    const q = encodeURIComponent("Failed to schedule model as no matching servers are available");
    const search = (await (await SELF.fetch(`http://kb.test/api/search?q=${q}`)).json()) as {
      matchedSignature: string | null;
      results: { clusterId: string }[];
    };
    expect(search.matchedSignature).not.toBeNull();
    expect(search.results[0]?.clusterId).toBe(clusters.clusters[0]?.id);
  });

  it("keeps the per (key, cluster) counts by triggers on D1 through indexing, a copy, a cluster move and a delete", async () => {
    const line = (pod: string) =>
      `{"level":"warn","ts":1700000000.5,"msg":"Failed to schedule model as no matching servers are available","model":"${pod}"}`;
    for (const [n, pod] of [
      [1, "iris"],
      [2, "income"],
    ] as const) {
      const response = await deliver({
        action: "opened",
        issue: issue(n, "Model stuck", `\`\`\`\n${line(pod)}\n\`\`\``),
      });
      expect(response.status).toBe(200);
    }
    const indexed = await keyClusters();
    expect(indexed.stored.length).toBeGreaterThan(0);
    expect(indexed.stored).toEqual(indexed.recount);
    const doc = await env.DB.prepare(
      "select doc_id as docId from search_docs where keys <> '' limit 1",
    ).first<{
      docId: string;
    }>();
    const docId = doc?.docId ?? "";
    await env.DB.prepare(
      "insert into search_docs (doc_id, fingerprint, changed_at, cluster_id, keys) select 'i:copy', '', changed_at, cluster_id, keys from search_docs where doc_id = ?",
    )
      .bind(docId)
      .run();
    const copied = await keyClusters();
    expect(copied.stored.some((r) => r.n >= 2)).toBe(true);
    expect(copied.stored).toEqual(copied.recount);
    await env.DB.prepare("update search_docs set cluster_id = 'elsewhere' where doc_id = ?")
      .bind(docId)
      .run();
    const moved = await keyClusters();
    expect(moved.stored.some((r) => r.clusterId === "elsewhere")).toBe(true);
    expect(moved.stored).toEqual(moved.recount);
    await env.DB.prepare("delete from search_docs where doc_id = 'i:copy'").run();
    const deleted = await keyClusters();
    expect(deleted.stored).toEqual(deleted.recount);
  });

  it("answers a long prose question from D1's full text, in statements D1 accepts", async () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ");
    const body = `My predictor keeps restarting and the serving container reports readiness failures ${words}`;
    const response = await deliver({ action: "opened", issue: issue(3, "Predictor restarting", body) });
    expect(response.status).toBe(200);
    // 80 distinct words: rarity counts for every one of them and per-term hits with prefixes.
    const q = encodeURIComponent(`why does my predictor keep restarting with readiness failures ${words}`);
    const answer = await SELF.fetch(`http://kb.test/api/search?q=${q}`);
    expect(answer.status).toBe(200);
    const search = (await answer.json()) as { results: { issues: { number: number }[] }[] };
    expect(search.results.flatMap((r) => r.issues.map((i) => i.number))).toContain(3);
  });

  it("rejects an unsigned delivery with 401", async () => {
    const response = await SELF.fetch("http://kb.test/github/webhook", { method: "POST", body: "{}" });
    expect(response.status).toBe(401);
  });
});
