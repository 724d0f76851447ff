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
