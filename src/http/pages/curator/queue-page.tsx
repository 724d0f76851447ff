import type { QueueItem } from "../../../curation/queue-page.js";
import { QUEUE_STATES } from "../../../curation/queue-page.js";
import { Sparkline, StateBadge } from "./components.js";
import { Csrf } from "./session.js";

export interface QueueFilters {
  repo?: string;
  component?: string;
  state?: string;
}

const LABELS: Record<string, string> = {
  reporters: "reporters",
  recentIssues: "issues in the last 90 days",
  olderIssues: "older issues",
  reactions: "reactions",
  comments: "comments",
  open: "still open",
  fixed: "closed as fixed",
  searches: "searches landed here",
  rising: "rising",
  recentSearches: "searches in the last 30 days",
  unanswered: "searches without an answer",
};

function Why({ item }: { item: QueueItem }) {
  const why = item.why as Record<string, unknown> & { points?: Record<string, number> };
  if (item.kind === "stale-entry") {
    return (
      <ul class="why" data-testid="why">
        {((why.reasons as string[]) ?? []).map((r) => (
          <li>{r}</li>
        ))}
      </ul>
    );
  }
  const points = why.points ?? {};
  return (
    <div class="why" data-testid="why">
      {item.kind === "demand" ? (
        <span>
          <b>{String(why.searches)}</b> searches found nothing good for this (last{" "}
          {String(why.lastSearchedAt).slice(0, 10)})
        </span>
      ) : (
        <span>
          <b>{String(why.issues)}</b> issues · trend <b>{String(why.trend)}</b>
          {Number(why.notPlanned) > 0 ? ` · ${why.notPlanned} closed as not planned/stale (not fixed)` : ""}
        </span>
      )}
      {Object.entries(points).map(([name, p]) => {
        const count = name === "unanswered" ? why.searches : why[name];
        return (
          <span title={`${p} points`}>
            {typeof count === "number" ? `${count} ` : ""}
            {LABELS[name] ?? name} <b>+{p}</b>
          </span>
        );
      })}
    </div>
  );
}

function Actions({ item }: { item: QueueItem }) {
  if (item.kind === "stale-entry")
    return (
      <div class="actions">
        <a href={`/entries/${item.entryId}/edit`}>Review the entry</a>
      </div>
    );
  if (item.kind === "demand") {
    const example = ((item.why as { examples?: string[] }).examples ?? [])[0] ?? "";
    return (
      <div class="actions">
        <form method="post" action="/queue/draft">
          <Csrf />
          <input
            type="hidden"
            name="template"
            value={String((item.why as { template?: string }).template ?? item.title)}
          />
          <button type="submit">Write an entry</button>
        </form>
        <a href={`/?q=${encodeURIComponent(example)}`}>search it again</a>
      </div>
    );
  }
  const id = item.clusterId ?? "";
  return (
    <div class="actions">
      {item.entryId ? (
        <a href={`/entries/${item.entryId}/edit`}>Continue the draft</a>
      ) : (
        <form method="post" action="/queue/promote">
          <Csrf />
          <input type="hidden" name="clusterId" value={id} />
          <button class="primary" type="submit" data-testid="promote">
            Promote
          </button>
        </form>
      )}
      <a href={`/clusters/${id}/curate`}>Split or merge…</a>
      {item.state === "ignored" || item.snoozedUntil ? (
        <form method="post" action="/queue/restore">
          <Csrf />
          <input type="hidden" name="clusterId" value={id} />
          <button type="submit">Restore</button>
        </form>
      ) : (
        <>
          <form method="post" action="/queue/ignore">
            <Csrf />
            <input type="hidden" name="clusterId" value={id} />
            <input name="reason" placeholder="why ignore?" required maxlength={1000} />
            <button type="submit">Ignore</button>
          </form>
          <form method="post" action="/queue/snooze">
            <Csrf />
            <input type="hidden" name="clusterId" value={id} />
            <input name="until" type="date" required />
            <button type="submit">Snooze</button>
          </form>
        </>
      )}
    </div>
  );
}

function Item({ item }: { item: QueueItem }) {
  const kind =
    item.kind === "cluster" ? "cluster" : item.kind === "demand" ? "demand without supply" : "stale entry";
  const href =
    item.kind === "cluster"
      ? `/clusters/${item.clusterId}`
      : item.entryId
        ? `/entries/${item.entryId}`
        : undefined;
  return (
    <li class="card" data-testid="queue-item" data-kind={item.kind} data-cluster={item.clusterId ?? ""}>
      <div class="row">
        <span class="score" title="impact score: the parts below add up to it">
          {item.score}
        </span>
        <div style="flex:1;min-width:16rem">
          <div>
            <StateBadge state={item.state} /> <span class="meta">{kind}</span>{" "}
            {href ? <a href={href}>{item.title}</a> : <strong>{item.title}</strong>}
          </div>
          <Why item={item} />
          <div class="meta">
            {item.repos.join(", ")}
            {item.components.length > 0 ? ` · components: ${item.components.join(", ")}` : ""}
            {item.versions.length > 0 ? ` · versions: ${item.versions.join(", ")}` : ""}
            {item.snoozedUntil ? ` · snoozed until ${item.snoozedUntil.slice(0, 10)}` : ""}
          </div>
        </div>
        {item.activity.length > 0 ? (
          <Sparkline counts={item.activity} label={item.kind === "demand" ? "searches" : "issues"} />
        ) : null}
      </div>
      <Actions item={item} />
    </li>
  );
}

export function QueuePage({
  items,
  filters,
  nextHref,
  notice,
}: {
  items: QueueItem[];
  filters: QueueFilters;
  nextHref: string | null;
  notice?: string;
}) {
  return (
    <>
      <h1>Review queue</h1>
      <p class="meta">
        Highest impact first: stale entries people are reading now, then clusters without a published entry
        and errors people searched for without finding anything. Each score is the sum of the parts shown
        under it.
      </p>
      {notice ? <p class="ok">{notice}</p> : null}
      <form method="get" action="/queue" class="filters">
        <input name="repo" placeholder="repo (Owner/name)" value={filters.repo ?? ""} />
        <input name="component" placeholder="component" value={filters.component ?? ""} />
        <select name="state">
          <option value="">to review now</option>
          {QUEUE_STATES.map((s) => (
            <option value={s} selected={filters.state === s}>
              {s}
            </option>
          ))}
        </select>
        <button type="submit">Filter</button>
      </form>
      {items.length === 0 ? <p>Nothing here. The queue is empty for these filters.</p> : null}
      <ol style="list-style:none;padding:0" data-testid="queue">
        {items.map((item) => (
          <Item item={item} />
        ))}
      </ol>
      {nextHref ? <a href={nextHref}>Next page →</a> : null}
    </>
  );
}
