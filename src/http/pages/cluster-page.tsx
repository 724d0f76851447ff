import type { MemberIssue } from "../../db/queries/clusters.js";
import type { ClusterRow } from "../../db/schema.js";

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
}

/** One cluster: its template, the member issues on GitHub, and sample lines with masked values. */
export function ClusterPage({ cluster, members, samples }: ClusterPageProps) {
  return (
    <>
      <h1>Cluster {cluster.id}</h1>
      <p class="meta">
        {cluster.issueCount} issues · {cluster.state}
      </p>
      <h2>Template</h2>
      <pre data-testid="template">{cluster.template}</pre>
      <h2>Issues</h2>
      <ul data-testid="members">
        {members.map((m) => (
          <li>
            <a href={m.url}>{`${m.repo}#${m.number}`}</a> {m.title}
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
