import { redactSecrets } from "../../domain/redact.js";
import type { SearchHit, SearchOutcome } from "../../search/index.js";
import { redactedOutcome } from "../redacted-outcome.js";

// Slack Block Kit replies. Everything the user or GitHub wrote is escaped for mrkdwn (&, <, >)
// so a title cannot forge a link or mention.

export interface SlackMessage {
  response_type: "ephemeral";
  replace_original?: boolean;
  text: string;
  blocks: unknown[];
}

const TOP = 3;
const NO_MATCH_BELOW = 0.2;

export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const context = (text: string) => ({ type: "context", elements: [{ type: "mrkdwn", text }] });

export function searchPageUrl(base: string, text: string): string {
  return `${base}/?q=${encodeURIComponent(text.slice(0, 1500))}`;
}

export function plainMessage(text: string): SlackMessage {
  return { response_type: "ephemeral", text, blocks: [section(escapeMrkdwn(text))] };
}

export function usageMessage(command: string, base: string): SlackMessage {
  const text = [
    `*${escapeMrkdwn(command)} ERROR TEXT*: paste an error line or a log; you get the best matching known problems.`,
    `Example: \`${escapeMrkdwn(command)} TypeError: Object of type ndarray is not JSON serializable\``,
    `\`${escapeMrkdwn(command)} help\` shows this. For long logs use <${base}/|the search page>.`,
  ].join("\n");
  return { response_type: "ephemeral", text: `Usage: ${command} ERROR TEXT`, blocks: [section(text)] };
}

function hitBlock(hit: SearchHit, base: string): unknown {
  const page =
    hit.type === "entry"
      ? `${base}/entries/${encodeURIComponent(hit.id)}`
      : `${base}/clusters/${encodeURIComponent(hit.id)}`;
  const kind =
    hit.type === "entry"
      ? "Known problem"
      : `Cluster of ${hit.issueCount} issue${hit.issueCount === 1 ? "" : "s"}`;
  const sources = hit.issues
    .slice(0, 3)
    .map((i) => `<${i.url}|${escapeMrkdwn(`${i.repo}#${i.number}`)}>`)
    .join(", ");
  const lines = [`*<${page}|${escapeMrkdwn(clip(hit.title, 150))}>*  ·  ${kind}`];
  // A published entry answers with its fix first: the snippet is its resolution's first paragraph.
  if (hit.type === "entry" && hit.state === "published" && hit.snippet)
    lines.push(`>${escapeMrkdwn(clip(hit.snippet, 300))}`);
  if (hit.template) lines.push(`\`${escapeMrkdwn(clip(hit.template, 250)).replaceAll("`", "'")}\``);
  if (sources) lines.push(`Sources: ${sources}`);
  return section(lines.join("\n"));
}

/** The answer echoes the paste (first line, search-page link): both redacted before they go to Slack. */
export function resultsMessage(raw: SearchOutcome, rawText: string, base: string): SlackMessage {
  const outcome = redactedOutcome(raw);
  const text = redactSecrets(rawText);
  const hits = outcome.results.filter((r) => r.score >= NO_MATCH_BELOW).slice(0, TOP);
  const more = `<${searchPageUrl(base, text)}|See every result on the search page>`;
  if (hits.length === 0) {
    return {
      response_type: "ephemeral",
      text: "No known problem matches this error yet.",
      blocks: [
        section("No known problem matches this error yet."),
        context(`Try more of the log on <${searchPageUrl(base, text)}|the search page>.`),
      ],
    };
  }
  const line = outcome.lines[0];
  const header = line
    ? `Best matches for \`${escapeMrkdwn(clip(line, 200)).replaceAll("`", "'")}\``
    : "Best matches";
  return {
    response_type: "ephemeral",
    text: `${hits.length} match${hits.length === 1 ? "" : "es"}: ${hits[0]?.title ?? ""}`,
    blocks: [
      section(header),
      ...hits.flatMap((h) => [hitBlock(h, base), { type: "divider" }]),
      context(more),
    ],
  };
}

export function failureMessage(base: string): SlackMessage {
  return plainMessage(
    `Sorry, the search failed on our side. Please try again, or use the search page: ${base}/`,
  );
}
