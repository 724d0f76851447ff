import type { CuratedIssue } from "../../../db/queries/curation.js";
import type { AuditRow, ClusterCurationRow, ClusterRow, ClusterRuleRow } from "../../../db/schema.js";
import { StateBadge } from "./components.js";
import { Csrf } from "./session.js";

const keyOf = (i: { repo: string; number: number }) => `${i.repo}#${i.number}`;

/** One cluster's corrections: split chosen issues off, merge it into (or with) another, see its rules. */
export function CuratePage({
  cluster,
  members,
  curation,
  error,
}: {
  cluster: ClusterRow;
  members: CuratedIssue[];
  curation: ClusterCurationRow | undefined;
  error?: string;
}) {
  return (
    <>
      <h1>Correct cluster {cluster.id}</h1>
      <p class="meta">
        <StateBadge state={cluster.state} /> {cluster.issueCount} issues ·{" "}
        <a href={`/clusters/${cluster.id}`}>cluster page</a>
        {curation?.ignoredReason ? ` · ignored: ${curation.ignoredReason}` : ""}
        {curation?.snoozedUntil ? ` · snoozed until ${curation.snoozedUntil.slice(0, 10)}` : ""}
      </p>
      <pre>{cluster.template}</pre>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <p class="meta">
        Corrections are stored as rules and applied after every clustering run, so they survive re-ingestion.
        Each one is in the audit log and can be undone on the <a href="/corrections">corrections page</a>.
      </p>
      <form method="post" action={`/clusters/${cluster.id}/curate/split`} class="card">
        <Csrf />
        <h2>Split</h2>
        <p>Tick the issues that are a different problem; they become a cluster of their own.</p>
        <ul style="list-style:none;padding:0" data-testid="split-members">
          {members.map((m) => (
            <li>
              <label>
                <input type="checkbox" name="issue" value={keyOf(m)} /> <a href={m.htmlUrl}>{keyOf(m)}</a>{" "}
                {m.title} <span class="meta">({m.state})</span>
              </label>
            </li>
          ))}
        </ul>
        <input
          name="reason"
          placeholder="why are they different?"
          required
          maxlength={1000}
          style="width:24rem"
        />{" "}
        <button type="submit">Split them off</button>
      </form>
      <form method="post" action={`/clusters/${cluster.id}/curate/merge`} class="card">
        <Csrf />
        <h2>Merge</h2>
        <p>Another cluster that is the same problem joins this one (this cluster's id and entry stay).</p>
        <input name="other" placeholder="cl_… of the other cluster" required maxlength={200} />{" "}
        <input
          name="reason"
          placeholder="why are they the same?"
          required
          maxlength={1000}
          style="width:20rem"
        />{" "}
        <button type="submit">Merge into this one</button>
      </form>
    </>
  );
}

export function CorrectionsPage({
  rules,
  curation,
  audit,
}: {
  rules: ClusterRuleRow[];
  curation: ClusterCurationRow[];
  audit: AuditRow[];
}) {
  return (
    <>
      <h1>Corrections</h1>
      <p class="meta">
        Every merge and split in force, every ignored or snoozed cluster, and the latest curator actions.
      </p>
      <h2>Merges and splits</h2>
      {rules.length === 0 ? <p>None yet.</p> : null}
      <table data-testid="rules">
        <tbody>
          {rules.map((r) => (
            <tr>
              <td>
                <strong>{r.kind}</strong> {r.kind === "merge" ? `into ${r.targetClusterId}` : ""}
                <div class="meta">
                  {r.issueKeys.length} issues, {r.signatureIds.length} signatures · by {r.createdBy} on{" "}
                  {r.createdAt.slice(0, 10)}
                </div>
                <div>{r.reason}</div>
              </td>
              <td>
                <form method="post" action="/corrections/undo">
                  <Csrf />
                  <input type="hidden" name="ruleId" value={r.id} />
                  <button class="danger" type="submit">
                    Undo
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Ignored and snoozed clusters</h2>
      {curation.length === 0 ? <p>None.</p> : null}
      <table>
        <tbody>
          {curation.map((c) => (
            <tr>
              <td>
                <a href={`/clusters/${c.clusterId}`}>{c.clusterId}</a>
                <div class="meta">
                  {c.ignoredReason ? `ignored: ${c.ignoredReason}` : ""}
                  {c.snoozedUntil ? ` snoozed until ${c.snoozedUntil.slice(0, 10)}` : ""} · by {c.updatedBy}
                </div>
              </td>
              <td>
                <form method="post" action="/queue/restore">
                  <Csrf />
                  <input type="hidden" name="clusterId" value={c.clusterId} />
                  <input type="hidden" name="back" value="/corrections" />
                  <button type="submit">Restore</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Audit log</h2>
      <table data-testid="audit">
        <tbody>
          {audit.map((a) => (
            <tr>
              <td class="meta">{a.createdAt.replace("T", " ").slice(0, 16)}</td>
              <td>{a.actor}</td>
              <td>
                <code>{a.action}</code>
              </td>
              <td>{a.subject}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
