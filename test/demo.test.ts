import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../src/db/node-client.js";
import { runKb } from "./cli/run-kb.js";
import { insertEntry } from "./helpers/export-entries.js";
import { readJson } from "./helpers/test-app.js";

const ROOT = resolve(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "kb-demo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the docs PR preview line the demo prints, over the demo database with one more published entry. */
async function previewDocsPullRequest(stdout: string): Promise<void> {
  const line = /docs PR preview (.+)\n/.exec(stdout)?.[1] ?? "";
  const env = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  const args = line.split(" -- ")[1]?.split(" ") ?? [];
  expect(args).toEqual(["export", "--pr", "--dry-run", "--upstream", "SeldonIO/seldon-core"]);
  const database = openSqliteDatabase(String(env.KB_DB_PATH));
  await insertEntry(database, {
    id: "ent_demo_export_check",
    title: "Demo check: model stuck in ScheduleFailed",
    components: ["scheduler"],
    sourceIssues: ["SeldonIO/seldon-core#60"],
  });
  database.close();
  const run = await runKb(args, env as Record<string, string>).done;
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("+++ b/docs-gb/troubleshooting/demo-check-model-stuck-in-schedulefailed.md");
  expect(run.stdout).toMatch(/title: docs\(troubleshooting\): add \d+ pages? on known Seldon Core 2 errors/);
  expect(run.stdout).toMatch(
    /dry run: would commit \d+ files and open a pull request .*; nothing was written\n$/,
  );
}

describe("npm run demo", () => {
  it("ingests the sample corpus through the emulator, clusters it and serves it offline", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        PORT: "0",
        KB_DB_PATH: join(dir, "demo.sqlite"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        child.stdout.on("data", () => {
          const match = /demo ready: (http:\/\/\S+)/.exec(stdout);
          if (match?.[1]) resolveUrl(match[1]);
        });
        child.on("exit", (code) => reject(new Error(`demo exited with ${code}: ${stdout}`)));
      });
      expect(stdout).toMatch(
        /ingested SeldonIO\/seldon-core, SeldonIO\/MLServer: fetched \d+, inserted 1320/,
      );
      const reported = Number(/clustered 330 issues: (\d+) clusters/.exec(stdout)?.[1]);
      expect(reported).toBeGreaterThan(0);
      expect(await readJson(await fetch(`${url}/healthz`))).toEqual({ ok: true });
      const clusters = await readJson(await fetch(`${url}/api/clusters?limit=100`));
      expect(clusters.clusters).toHaveLength(reported);
      const q = encodeURIComponent("Failed to schedule model as no matching servers are available");
      const search = await readJson(await fetch(`${url}/api/search?q=${q}`));
      expect(search.results[0].template).toContain("no matching servers are available");
      await previewDocsPullRequest(stdout);
      // The curator side: published entries, and a queue led by the entry a new report made stale.
      const token = /admin token\s+(\S+)/.exec(stdout)?.[1] ?? "";
      const entries = await readJson(await fetch(`${url}/api/entries`));
      expect(entries.entries.length).toBeGreaterThanOrEqual(3);
      const queue = await readJson(
        await fetch(`${url}/api/queue?limit=50`, { headers: { authorization: `Bearer ${token}` } }),
      );
      expect(queue.items[0].kind).toBe("stale-entry");
      expect(queue.items.some((i: { kind: string }) => i.kind === "demand")).toBe(true);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
