import type { DiffLine, FieldDiff } from "../../../domain/entry/index.js";
import { renderMarkdown } from "../../../domain/entry/index.js";

/** Issues per month as a small server-rendered SVG: no script, readable at a glance. */
export function Sparkline({ counts, label }: { counts: number[]; label: string }) {
  const width = 120;
  const height = 28;
  const max = Math.max(1, ...counts);
  const step = counts.length > 1 ? width / (counts.length - 1) : width;
  const points = counts.map(
    (n, i) => `${(i * step).toFixed(1)},${(height - 2 - (n / max) * (height - 4)).toFixed(1)}`,
  );
  const total = counts.reduce((a, b) => a + b, 0);
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${counts.join(", ")} per month over the last 12 months`}
      data-testid="sparkline"
    >
      <title>{`${total} ${label} in the last 12 months (${counts.join(" ")})`}</title>
      <polyline points={points.join(" ")} fill="none" stroke="#1d4ed8" stroke-width="1.6" />
      {counts.map((n, i) =>
        n > 0 ? (
          <circle
            cx={(i * step).toFixed(1)}
            cy={(height - 2 - (n / max) * (height - 4)).toFixed(1)}
            r="1.8"
            fill="#1d4ed8"
          />
        ) : null,
      )}
    </svg>
  );
}

/**
 * The one place rendered markdown enters a page. renderMarkdown escapes raw HTML and drops
 * dangerous URLs (see domain/entry/markdown.ts), so its output, not the user's text, is inserted.
 */
export function Markdown({ text, testid }: { text: string; testid?: string }) {
  return <div class="md" data-testid={testid} dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}

export function StateBadge({ state }: { state: string }) {
  return <span class={`badge ${state}`}>{state}</span>;
}

const SIGN: Record<DiffLine["op"], string> = { same: " ", add: "+", del: "−" };

export function DiffView({ diffs }: { diffs: FieldDiff[] }) {
  if (diffs.length === 0) return <p class="meta">No content changed (a state change only).</p>;
  return (
    <div class="diff">
      {diffs.map((d) => (
        <div>
          <h4>{d.field}</h4>
          {d.lines.map((l) => (
            <div class={l.op}>{`${SIGN[l.op]} ${l.text}`}</div>
          ))}
        </div>
      ))}
    </div>
  );
}

export const issueUrl = (key: string) => {
  const m = /^([\w.-]+\/[\w.-]+)#(\d+)$/.exec(key);
  return m ? `https://github.com/${m[1]}/issues/${m[2]}` : null;
};

export function IssueLinks({ keys }: { keys: string[] }) {
  return (
    <ul>
      {keys.map((k) => {
        const url = issueUrl(k);
        return <li>{url ? <a href={url}>{k}</a> : k}</li>;
      })}
    </ul>
  );
}
