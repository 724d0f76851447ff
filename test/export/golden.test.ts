import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import type { DocsSet } from "../../src/domain/export/docs-set.js";
import { DOCS_TARGETS } from "../../src/domain/export/targets.js";
import type { DocsTargetKey } from "../../src/domain/export/types.js";
import { SELDON_DOCS_SEED } from "../../src/emulators/github-docs-seed.js";
import { buildAllDocsSets } from "../../src/export/docs-sets.js";
import { seedExportFixture } from "../helpers/export-entries.js";
import { parsePage } from "../helpers/markdown-check.js";
import { makeTestDb } from "../helpers/test-db.js";

const GOLDEN = resolve(import.meta.dirname, "../fixtures/export/golden");
const upstreamSummary = (key: DocsTargetKey) => {
  const t = DOCS_TARGETS[key];
  return SELDON_DOCS_SEED[t.repo]?.branches[t.branch]?.[`${t.docsRoot}/SUMMARY.md`] ?? "";
};

async function exportFixture(database: Database = makeTestDb()): Promise<DocsSet[]> {
  await seedExportFixture(database);
  return buildAllDocsSets(database, upstreamSummary);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("markdown export of the fixture's published entries", () => {
  it("matches the golden files byte for byte (UPDATE_GOLDEN=1 rewrites them)", async () => {
    const sets = await exportFixture();
    const expected = new Map(
      sets.flatMap((s) => s.files.map((f) => [`${s.target.key}/${f.path}`, f.content])),
    );
    if (process.env.UPDATE_GOLDEN === "1") {
      for (const [path, content] of expected) {
        mkdirSync(dirname(join(GOLDEN, path)), { recursive: true });
        writeFileSync(join(GOLDEN, path), content);
      }
    }
    const golden = filesUnder(GOLDEN).map((p) => relative(GOLDEN, p).split("\\").join("/"));
    expect(golden.sort()).toEqual([...expected.keys()].sort());
    for (const [path, content] of expected)
      expect(content, path).toBe(readFileSync(join(GOLDEN, path), "utf8"));
  });

  it("sends each entry to its docs and leaves drafts and archived entries out", async () => {
    const sets = await exportFixture();
    const pagesOf = (key: DocsTargetKey) =>
      sets.find((s) => s.target.key === key)?.pages.map((p) => p.entry.id) ?? [];
    expect(pagesOf("core-v2")).toEqual(["ent_agent_settings", "ent_kafka_resolve", "ent_sched_nomatch"]);
    expect(pagesOf("core-v1")).toEqual(["ent_executor_ready", "ent_nokind_sdep"]);
    expect(pagesOf("mlserver")).toEqual(["ent_pydantic", "ent_env_hash"]);
    const all = sets.flatMap((s) => s.files.map((f) => f.content)).join("\n");
    expect(all).not.toContain("must not be exported");
  });

  it("gives identical bytes whatever order the entries were stored in, with LF and a final newline", async () => {
    const first = await exportFixture();
    const again = await exportFixture();
    expect(again).toEqual(first);
    for (const file of first.flatMap((s) => s.files)) {
      expect(file.content.endsWith("\n") && !file.content.endsWith("\n\n"), file.path).toBe(true);
      expect(file.content, file.path).not.toMatch(/\r|[ \t]+\n/);
    }
  });

  it("parses every file as markdown with no HTML node, one H1 and a one-sentence description", async () => {
    for (const file of (await exportFixture()).flatMap((s) => s.files)) {
      const page = parsePage(file.content);
      expect(page.html, file.path).toEqual([]);
      expect(
        page.headings.filter((h) => h.depth === 1),
        file.path,
      ).toHaveLength(1);
      if (file.path.endsWith("SUMMARY.md")) continue;
      expect(Object.keys(page.frontMatter ?? {}), file.path).toEqual(["description"]);
      expect(String(page.frontMatter?.description), file.path).toMatch(/^[^\n]+[.]$/);
      expect(page.headings.filter((h) => h.depth === 2).length, file.path).toBeGreaterThan(0);
    }
  });

  it("links pages to each other with relative links that resolve, and to GitHub issues by https", async () => {
    for (const set of await exportFixture()) {
      const paths = new Set(set.files.map((f) => f.path));
      for (const file of set.files) {
        for (const link of parsePage(file.content).links) {
          if (/^https:\/\//.test(link)) {
            expect(link, file.path).toMatch(/^https:\/\/(github\.com|mlserver\.readthedocs\.io)\//);
            continue;
          }
          expect(link, file.path).not.toMatch(/^[a-z]+:|^\//i);
          const target = posix.normalize(posix.join(posix.dirname(file.path), link));
          if (target.startsWith(`${set.folderPath}/`))
            expect(paths.has(target), `${file.path} → ${link}`).toBe(true);
        }
      }
      const landing = set.files.find((f) => f.path === `${set.folderPath}/README.md`)?.content ?? "";
      for (const page of set.pages) expect(landing).toContain(`](${page.fileName})`);
    }
  });

  it("keeps hostile issue and curator text inert on the page", async () => {
    const set = (await exportFixture()).find((s) => s.target.key === "core-v2");
    const file = set?.files.find((f) =>
      f.path.endsWith("agent-cannot-find-model-settings-json-script-alert-title-script.md"),
    );
    expect(file).toBeDefined();
    const page = parsePage(file?.content ?? "");
    expect(page.html).toEqual([]);
    expect(page.links.some((l) => l.startsWith("javascript:"))).toBe(false);
    // The curator's GitBook tag stays text: escaped, so GitBook never sees `{%`.
    expect(file?.content).toContain('\\{% hint style="danger" %}not a hint\\{% endhint %}');
    expect(page.headings.map((h) => h.depth)).toEqual([1, 2, 3, 2, 2, 2, 2]);
    expect(page.headings[0]?.text).toBe(
      "Agent cannot find model-settings.json <script>alert('title')</script>",
    );
  });
});
