import { describe, expect, it } from "vitest";
import { assignFileNames, kebabCase } from "../../../src/domain/export/names";
import { insertSummaryBlock } from "../../../src/domain/export/summary";
import { DOCS_TARGETS } from "../../../src/domain/export/targets";
import type { ExportEntry } from "../../../src/domain/export/types";
import { SELDON_DOCS_SEED } from "../../../src/emulators/github-docs-seed";

const entry = (id: string, title: string): ExportEntry => ({
  id,
  version: 1,
  title,
  symptom: "",
  cause: "",
  resolution: "",
  signatures: [],
  affectedVersions: [],
  components: [],
  sources: [],
  targetOverride: null,
});

const coreV2 = SELDON_DOCS_SEED["SeldonIO/seldon-core"]?.branches.v2?.["docs-gb/SUMMARY.md"] ?? "";
const mlserver = SELDON_DOCS_SEED["SeldonIO/MLServer"]?.branches.master?.["docs-gb/SUMMARY.md"] ?? "";

describe("SUMMARY.md insertion", () => {
  const pages = assignFileNames([entry("b", "Second error"), entry("a", "First error")]);

  it("puts the block after FAQs in the Resources group of Core 2", () => {
    const out = insertSummaryBlock(coreV2, DOCS_TARGETS["core-v2"], pages);
    const lines = out.split("\n");
    const faqs = lines.indexOf("* [FAQs](faqs.md)");
    expect(lines.slice(faqs + 1, faqs + 4)).toEqual([
      "* [Troubleshooting](troubleshooting/README.md)",
      "  * [First error](troubleshooting/first-error.md)",
      "  * [Second error](troubleshooting/second-error.md)",
    ]);
    expect(lines[faqs + 4]).toBe("* [Development](development/README.md)");
  });

  it("is idempotent and replaces the block in place when the pages change", () => {
    const once = insertSummaryBlock(coreV2, DOCS_TARGETS["core-v2"], pages);
    expect(insertSummaryBlock(once, DOCS_TARGETS["core-v2"], pages)).toBe(once);
    const fewer = insertSummaryBlock(once, DOCS_TARGETS["core-v2"], pages.slice(0, 1));
    expect(fewer).not.toContain("second-error.md");
    expect(fewer.split("\n").length).toBe(once.split("\n").length - 1);
  });

  it("puts the block before the changelog in MLServer's flat navigation", () => {
    const out = insertSummaryBlock(mlserver, DOCS_TARGETS.mlserver, pages);
    expect(out).toMatch(/\* \[Second error\]\(troubleshooting\/second-error\.md\)\n\* \[Changelog\]/);
  });

  it("adds the group when the file has none, and starts a table of contents for an empty file", () => {
    expect(insertSummaryBlock("", DOCS_TARGETS["core-v2"], pages)).toBe(
      "# Table of contents\n\n## Resources\n\n* [Troubleshooting](troubleshooting/README.md)\n  * [First error](troubleshooting/first-error.md)\n  * [Second error](troubleshooting/second-error.md)\n",
    );
  });
});

describe("file names", () => {
  it("are kebab-case from the title, ASCII only, and unique within a folder", () => {
    expect(kebabCase("Model stuck in ScheduleFailed: no matching servers!")).toBe(
      "model-stuck-in-schedulefailed-no-matching-servers",
    );
    expect(kebabCase("Café <b>naïve</b>")).toBe("cafe-b-naive-b");
    const names = assignFileNames([
      entry("x2", "Same title"),
      entry("x1", "Same title"),
      entry("r", "README"),
    ]);
    expect(names.map((n) => [n.entry.id, n.fileName])).toEqual([
      ["r", "readme-2.md"],
      ["x1", "same-title.md"],
      ["x2", "same-title-2.md"],
    ]);
  });
});
