import { env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { openD1Database } from "../../src/db/d1-client.js";
import { fixedClock } from "../../src/domain/clock.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { refreshNow } from "../../src/refresh/now.js";
import { resetD1 } from "./reset-db.js";

const ADMIN = { authorization: "Bearer workers-test-admin-token" };
const REPO = "SeldonIO/MLServer";

// More member issues than one D1 statement may name (45 pairs), each with a maintainer's fix.
function thread(n: number) {
  const at = `2026-10-${String(1 + (n % 28)).padStart(2, "0")}T10:00:00Z`;
  const issue = {
    id: 9000 + n,
    number: n,
    title: `Worker stopped on model ${n}`,
    body: `MLServer: 1.3.5\n\n\`\`\`\nmlserver.parallel.errors.WorkerError: Worker with PID ${100 + n} on default stopped unexpectedly with exit code 137\n\`\`\``,
    state: "closed",
    state_reason: "completed",
    user: { login: `user${n}` },
    author_association: "NONE",
    labels: [],
    html_url: `https://github.com/${REPO}/issues/${n}`,
    created_at: at,
    updated_at: at,
    closed_at: at,
  };
  const comment = {
    id: 50_000 + n,
    body: `Lower parallel_workers or raise the memory limit. Fixed by #${900 + n}. <script>window.x=1</script>`,
    user: { login: "maintainer" },
    author_association: "MEMBER",
    html_url: `https://github.com/${REPO}/issues/${n}#issuecomment-${50_000 + n}`,
    issue_url: `https://api.github.com/repos/${REPO}/issues/${n}`,
    created_at: at,
    updated_at: at,
  };
  return { issue, comment };
}

describe("the curator side on D1", () => {
  beforeEach(resetD1);

  it("queues, promotes with candidate fixes, edits under If-Match, publishes and renders the entry page", async () => {
    const database = openD1Database(env.DB);
    const threads = Array.from({ length: 60 }, (_, i) => thread(i + 1));
    await storeGitHubItems(
      database,
      { issues: threads.map((t) => t.issue), comments: threads.map((t) => t.comment) },
      "2026-11-01T00:00:00Z",
    );
    await refreshNow({ database, clock: fixedClock("2026-11-01T00:00:00Z") }, "test");

    const queue = (await (
      await SELF.fetch("http://kb.test/api/queue?limit=5", { headers: ADMIN })
    ).json()) as {
      items: { clusterId: string; why: { issues: number } }[];
    };
    expect(queue.items[0]?.why.issues).toBe(60);
    const promoted = await SELF.fetch(`http://kb.test/api/clusters/${queue.items[0]!.clusterId}/promote`, {
      method: "POST",
      headers: ADMIN,
    });
    expect(promoted.status).toBe(201);
    const draft = (await promoted.json()) as {
      id: string;
      candidateFixes: { url: string }[];
      sourceIssues: string[];
    };
    expect(draft.sourceIssues).toHaveLength(50);
    expect(draft.candidateFixes[0]?.url).toContain("#issuecomment-");

    const patch = await SELF.fetch(`http://kb.test/api/entries/${draft.id}`, {
      method: "PATCH",
      headers: { ...ADMIN, "content-type": "application/json", "if-match": '"1"' },
      body: JSON.stringify({
        cause: "Out of memory.",
        resolution: "Lower `parallel_workers`. <img src=x onerror=alert(1)>",
      }),
    });
    expect(patch.status).toBe(200);
    const stale = await SELF.fetch(`http://kb.test/api/entries/${draft.id}`, {
      method: "PATCH",
      headers: { ...ADMIN, "content-type": "application/json", "if-match": '"1"' },
      body: JSON.stringify({ cause: "late" }),
    });
    expect(stale.status).toBe(412);
    const published = await SELF.fetch(`http://kb.test/api/entries/${draft.id}/publish`, {
      method: "POST",
      headers: ADMIN,
    });
    expect(published.status).toBe(200);

    const page = await (await SELF.fetch(`http://kb.test/entries/${draft.id}`)).text();
    expect(page).toContain("<code>parallel_workers</code>");
    expect(page).not.toMatch(/<img[^>]*onerror/);
  });

  it("signs in to the pages with a session stored in D1", async () => {
    const login = await SELF.fetch("http://kb.test/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://kb.test" },
      body: "token=workers-test-admin-token&next=%2Fqueue",
      redirect: "manual",
    });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const queue = await SELF.fetch("http://kb.test/queue", { headers: { cookie }, redirect: "manual" });
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain("Review queue");
  });
});
