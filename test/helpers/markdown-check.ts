import type { Heading, Html, Link, Root, Yaml } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { frontmatter } from "micromark-extension-frontmatter";
import { gfm } from "micromark-extension-gfm";
import { parse as parseYaml } from "yaml";

export interface ParsedPage {
  tree: Root;
  frontMatter: Record<string, unknown> | null;
  headings: { depth: number; text: string }[];
  links: string[];
  html: string[];
}

function walk(node: { type: string; children?: unknown[] }, visit: (n: { type: string }) => void): void {
  visit(node);
  for (const child of (node.children ?? []) as { type: string; children?: unknown[] }[]) walk(child, visit);
}

function textOf(node: { type: string; value?: string; children?: unknown[] }): string {
  if (typeof node.value === "string") return node.value;
  return ((node.children ?? []) as { type: string }[]).map(textOf).join("");
}

/** Parses GitBook markdown as CommonMark + GFM with YAML front matter, the way a renderer sees it. */
export function parsePage(text: string): ParsedPage {
  const tree = fromMarkdown(text, {
    extensions: [frontmatter(["yaml"]), gfm()],
    mdastExtensions: [frontmatterFromMarkdown(["yaml"]), gfmFromMarkdown()],
  });
  const out: ParsedPage = { tree, frontMatter: null, headings: [], links: [], html: [] };
  walk(tree, (node) => {
    if (node.type === "yaml") out.frontMatter = parseYaml((node as Yaml).value) as Record<string, unknown>;
    if (node.type === "heading")
      out.headings.push({ depth: (node as Heading).depth, text: textOf(node as Heading) });
    if (node.type === "link") out.links.push((node as Link).url);
    if (node.type === "html") out.html.push((node as Html).value);
  });
  return out;
}

/** Every text value in the rendered document (what a reader would see), joined. */
export function visibleText(tree: Root): string {
  const parts: string[] = [];
  walk(tree, (node) => {
    const v = (node as { value?: string }).value;
    if (typeof v === "string" && node.type !== "yaml") parts.push(v);
  });
  return parts.join("\n");
}
