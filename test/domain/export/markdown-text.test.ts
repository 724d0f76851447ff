import { describe, expect, it } from "vitest";
import { codeBlock, fenceFor, plainText, safeMarkdown } from "../../../src/domain/export/markdown-text";
import { parsePage, visibleText } from "../../helpers/markdown-check";

describe("safe markdown from untrusted text", () => {
  it("shows HTML from an issue as text, never as an HTML node", () => {
    const text = 'Before <script>alert("x")</script> and <img src=x onerror=alert(1)>\n\n<div>block</div>';
    const parsed = parsePage(safeMarkdown(text));
    expect(parsed.html).toEqual([]);
    expect(visibleText(parsed.tree)).toContain('<script>alert("x")</script>');
    expect(visibleText(parsed.tree)).toContain("<div>block</div>");
  });

  it("picks a fence longer than any backtick run, so pasted fences cannot close the block", () => {
    const pasted = "line\n```\nstill inside\n````\nend";
    expect(fenceFor(pasted)).toBe("`````");
    const parsed = parsePage(`${codeBlock(pasted)}\n\nafter`);
    const [code, after] = parsed.tree.children;
    expect(code?.type).toBe("code");
    expect((code as { value: string }).value).toBe(pasted);
    expect(after?.type).toBe("paragraph");
  });

  it("re-fences a curator's code block and keeps its content verbatim", () => {
    const text = "Run:\n\n```bash\nkubectl get pods <pod>\necho '```'\n```\n\nThen <b>wait</b>.";
    const parsed = parsePage(safeMarkdown(text));
    const code = parsed.tree.children.find((n) => n.type === "code") as { value: string; lang: string };
    expect(code.lang).toBe("bash");
    expect(code.value).toBe("kubectl get pods <pod>\necho '```'");
    expect(parsed.html).toEqual([]);
    expect(visibleText(parsed.tree)).toContain("Then <b>wait</b>.");
  });

  it("keeps code spans as written and escapes HTML around them", () => {
    const parsed = parsePage(safeMarkdown("Use `<model>` not <model>"));
    expect(parsed.html).toEqual([]);
    const inline = parsed.tree.children[0] as { children: { type: string; value: string }[] };
    expect(inline.children.map((c) => [c.type, c.value])).toEqual([
      ["text", "Use "],
      ["inlineCode", "<model>"],
      ["text", " not <model>"],
    ]);
  });

  it("turns curator headings into subsections and a setext underline into text", () => {
    const parsed = parsePage(safeMarkdown("# Big\n## Medium\n#### Small\nTotals\n==="));
    expect(parsed.headings.map((h) => h.depth)).toEqual([3, 3, 4]);
  });

  it("neutralises javascript: links and GitBook tags but keeps https links", () => {
    const out = safeMarkdown(
      'See [x](javascript:alert(1)), [docs](https://docs.seldon.ai) and {% hint style="danger" %}.\n\n[r]: javascript:evil',
    );
    const parsed = parsePage(out);
    expect(parsed.links).toEqual(["https://docs.seldon.ai"]);
    expect(out).not.toMatch(/(^|[^\\]){%/);
  });

  it("escapes every markdown construct in plain text so a title reads literally", () => {
    const title = "1. *not* [a link](javascript:x) `code` <b> # | _u_ {% x %}";
    const parsed = parsePage(`# ${plainText(title)}`);
    expect(parsed.headings).toEqual([{ depth: 1, text: title }]);
    expect(parsed.links).toEqual([]);
    expect(parsed.html).toEqual([]);
  });
});
