// Safe markdown from untrusted text. Issue text and curator text end up in upstream docs, so nothing
// in them may become HTML, a GitBook block (`{% … %}`), a heading that breaks the page outline, or
// a code fence that a pasted ``` could close.

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
// Characters that start markdown constructs inline; escaped with a backslash in plain text.
const INLINE_PUNCTUATION = /[\\`*_[\]|{}~$]/g;

/** One line of plain text (a title, a version, a link text): shown literally, whatever it holds. */
export function plainText(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  const escaped = line.replace(/[&<>]/g, (c) => HTML[c] ?? c).replace(INLINE_PUNCTUATION, (c) => `\\${c}`);
  // At the start of a line "-", "+", "#" or "1. " would start a list or a heading; mid-line they are text.
  return escaped.replace(/^([-+#])/, "\\$1").replace(/^(\d+)([.)])(?=\s|$)/, "$1\\$2");
}

function longestRun(text: string, char: "`" | "~"): number {
  let best = 0;
  for (const m of text.matchAll(char === "`" ? /`+/g : /~+/g)) best = Math.max(best, m[0].length);
  return best;
}

/** A backtick fence longer than any backtick run inside, so the content cannot close it. */
export function fenceFor(content: string): string {
  return "`".repeat(Math.max(3, longestRun(content, "`") + 1));
}

/** A fenced code block holding `content` verbatim. */
export function codeBlock(content: string, info = "text"): string {
  const body = content
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n+$/, "");
  const fence = fenceFor(body);
  return `${fence}${info}\n${body}\n${fence}`;
}

/** An inline code span for one line of text. */
export function codeSpan(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  const ticks = "`".repeat(longestRun(line, "`") + 1);
  const pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
  return `${ticks}${pad}${line}${pad}${ticks}`;
}

const SAFE_SCHEME = /^(https?:|mailto:|#|\/|\.)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const isUnsafeUrl = (url: string) => HAS_SCHEME.test(url) && !SAFE_SCHEME.test(url);

/** Escapes HTML and template syntax in prose outside code spans; keeps markdown emphasis and links. */
function proseSegment(text: string): string {
  return text
    .replace(/[&<]/g, (c) => HTML[c] ?? c)
    .replace(/(?<!^ {0,3}(?:> ?)*)>/g, "&gt;")
    .replace(/\{(?=[%{])/g, "\\{")
    .replace(/\$\$/g, "\\$\\$")
    .replace(/\]\(\s*<?([^)\s>]*)/g, (all, url: string) =>
      isUnsafeUrl(url) ? all.replace("](", "]\\(") : all,
    );
}

/** One prose line: code spans kept as written, everything else escaped. */
function proseLine(line: string): string {
  let out = "";
  let rest = line;
  for (;;) {
    const open = /`+/.exec(rest);
    if (!open) return out + proseSegment(rest);
    const after = rest.slice(open.index + open[0].length);
    const close = new RegExp(`(?<!\`)${open[0]}(?!\`)`).exec(after);
    if (!close) return out + proseSegment(rest);
    out += proseSegment(rest.slice(0, open.index)) + open[0] + after.slice(0, close.index + open[0].length);
    rest = after.slice(close.index + open[0].length);
  }
}

function structureSafe(line: string): string {
  const heading = /^( {0,3})(#{1,6})(?=\s|$)/.exec(line);
  // Pages have one H1 and `##` sections; a curator's heading nests under the section it is in.
  if (heading)
    return `${heading[1]}${"#".repeat(Math.max(3, heading[2]?.length ?? 3))}${line.slice(heading[0].length)}`;
  if (/^ {0,3}=+\s*$/.test(line)) return `\\${line.trim()}`; // a setext underline would make an H1
  const reference = /^( {0,3})\[[^\]]*\]:\s*<?(\S*?)>?(\s|$)/.exec(line);
  if (reference && isUnsafeUrl(reference[2] ?? "")) return `\\${line.trimStart()}`;
  return line;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/**
 * Curator markdown made safe for upstream: fenced code blocks are re-fenced (content verbatim, fence
 * longer than anything inside), prose keeps emphasis, lists, code spans and http(s) links, and loses
 * HTML, GitBook tags and top-level headings.
 */
export function safeMarkdown(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\s+$/, "");
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[2]?.startsWith("`") && open[3]?.includes("`"))) {
      const [, indent = "", fence = "", infoText = ""] = open;
      const closer = new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`);
      const body: string[] = [];
      for (i += 1; i < lines.length && !closer.test(lines[i] ?? ""); i++) body.push(lines[i] ?? "");
      const info = /^[A-Za-z0-9_+.-]+$/.exec(infoText.trim().split(/\s+/)[0] ?? "")?.[0] ?? "";
      // Content lines keep their own indentation: inside a list item it is part of the item.
      const content = body.map((l) => l.replace(/\s+$/, ""));
      const fenceLine = indent + fenceFor(content.join("\n"));
      out.push(`${fenceLine}${info}`, ...content, fenceLine);
      continue;
    }
    out.push(proseLine(structureSafe(line)));
  }
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+|\n+$/g, "");
}

/** A YAML scalar for front matter: plain when unambiguous, double-quoted (JSON syntax) otherwise. */
export function yamlScalar(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return /^[A-Za-z0-9(][A-Za-z0-9 ,.()'/-]*$/.test(line) ? line : JSON.stringify(line);
}
