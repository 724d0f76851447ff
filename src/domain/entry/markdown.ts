// Markdown from curators and from issue text, rendered to HTML that cannot run anything: micromark
// escapes raw HTML and drops URLs whose protocol is not http(s), mailto, irc or xmpp (so no
// `javascript:`), and it needs no DOM and no node:* module, so the same code runs on Workers.
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

const MAX_CHARS = 100_000;

export function renderMarkdown(text: string): string {
  return micromark(text.slice(0, MAX_CHARS), {
    allowDangerousHtml: false,
    allowDangerousProtocol: false,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
}
