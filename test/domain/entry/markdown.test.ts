import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../src/domain/entry/markdown.js";
import { summaryOf } from "../../../src/domain/entry/summary.js";

const HOSTILE = [
  "<script>window.__pwned = 1</script>",
  '<img src=x onerror="window.__pwned = 2">',
  "[click me](javascript:window.__pwned=3)",
  '<a href="javascript:window.__pwned=4">raw link</a>',
  "![pic](javascript:window.__pwned=5)",
  '<svg onload="window.__pwned=6"></svg>',
  "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
].join("\n\n");

describe("renderMarkdown", () => {
  it("renders markdown: emphasis, code, lists, tables and safe links", () => {
    const html = renderMarkdown(
      "**Upgrade** to `2.8.0`:\n\n- one\n- two\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n[docs](https://docs.seldon.ai)",
    );
    expect(html).toContain("<strong>Upgrade</strong>");
    expect(html).toContain("<code>2.8.0</code>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain("<table>");
    expect(html).toContain('<a href="https://docs.seldon.ai">docs</a>');
  });

  it("never emits a script, an event handler or a javascript: or data: URL", () => {
    const html = renderMarkdown(HOSTILE);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/<svg/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+\s*=/i);
    expect(html).not.toMatch(/href="\s*javascript:/i);
    expect(html).not.toMatch(/src="\s*javascript:/i);
    expect(html).not.toMatch(/href="data:/i);
    // The text is still there, as text.
    expect(html).toContain("&lt;script&gt;");
  });
});

describe("summaryOf", () => {
  it("is the first prose paragraph as plain text, clipped", () => {
    expect(summaryOf("```\ncode\n```\n\n**Raise** the [limit](https://x) to `8Gi`.\n\nMore.")).toBe(
      "Raise the limit to 8Gi.",
    );
    expect(summaryOf("x ".repeat(300), 20)).toHaveLength(20);
  });
});
