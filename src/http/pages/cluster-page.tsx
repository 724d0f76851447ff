import type { MemberIssue } from "../../db/queries/clusters.js";
import type { ClusterRow } from "../../db/schema.js";
import type { ClusterTie } from "../../domain/cluster/types.js";
import { readableTitle } from "../../domain/entry/index.js";

export interface ClusterPageProps {
  cluster: ClusterRow;
  members: MemberIssue[];
  samples: {
    repo: string;
    number: number;
    sample: string;
    template: string;
    masks: { kind: string; value: string }[];
  }[];
  ties: { repo: string; number: number; ties: ClusterTie[] }[];
}

function Why({ ties }: { ties: ClusterTie[] }) {
  if (ties.length === 0) return null;
  const [first, ...rest] = ties;
  if (!first) return null;
  return (
    <div class="why">
      shares <code>{first.template}</code> with {first.other}
      {rest.length > 0 ? ` and ${rest.length} more tie${rest.length > 1 ? "s" : ""}` : ""}{" "}
      <span class="meta">(weight {first.weight.toFixed(2)})</span>
    </div>
  );
}

/** One cluster: its template, the member issues on GitHub, and sample lines with masked values. */
export function ClusterPage({ cluster, members, samples, ties }: ClusterPageProps) {
  const why = new Map(ties.map((t) => [`${t.repo}#${t.number}`, t.ties]));
  return (
    <>
      <style>{".why{font-size:13px;color:#4b5563;margin:.1rem 0 .4rem}.why code{font-size:12px}"}</style>
      <h1>{readableTitle(cluster.template)}</h1>
      <p class="meta">
        cluster {cluster.id} · {cluster.issueCount} issues · {cluster.state}
      </p>
      <h2>Template</h2>
      <pre data-testid="template">{cluster.template}</pre>
      <h2>Issues</h2>
      <p class="meta">Under each issue: the error it shares with another member that put it here.</p>
      <ul data-testid="members">
        {members.map((m) => (
          <li>
            <a href={m.url}>{`${m.repo}#${m.number}`}</a> {m.title}
            <Why ties={why.get(`${m.repo}#${m.number}`) ?? []} />
          </li>
        ))}
      </ul>
      <h2>Sample lines</h2>
      <ul>
        {samples.map((s) => (
          <li>
            <a href={`https://github.com/${s.repo}/issues/${s.number}`}>{`${s.repo}#${s.number}`}</a>
            <pre>{s.sample}</pre>
            {s.masks.length > 0 ? (
              <span class="meta">masked: {s.masks.map((m) => `${m.kind}=${m.value}`).join(", ")}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
