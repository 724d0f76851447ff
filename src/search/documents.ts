import type { IssueDocRow, IssueSignatureLink } from "../db/queries/search.js";
import type { EntryRow } from "../db/schema.js";
import { summaryOf } from "../domain/entry/summary.js";
import type { IndexDoc } from "./index-options.js";

/** What search needs to show and filter an issue without reading the database again. */
export interface IssueMeta {
  id: number;
  repo: string;
  number: number;
  title: string;
  url: string;
  /** Null for an issue that reports no error (a question): full text still finds its thread. */
  clusterId: string | null;
  components: string[];
  versions: string[];
  /** The issue's error lines, best first: the raw line and its normalized template. */
  samples: { signatureId: string; sample: string; template: string }[];
  /** Fingerprint of what was indexed: a different one means the issue must be re-indexed. */
  v: string;
}

export interface EntryMeta {
  id: string;
  title: string;
  snippet: string;
  clusterId: string | null;
  state: EntryRow["state"];
  components: string[];
  versions: string[];
  repos: string[];
  signatures: string[];
  sourceIssues: string[];
  v: string;
}

const BODY_CHARS = 800;
// The whole thread is indexed (pasted logs and comments too: a line copied from any of them must
// find its issue), up to this much of it; the head of a thread is where its error is.
const THREAD_CHARS = 16_000;
const VERSION = /\b(?:seldon[- ]?core|mlserver|seldon|version)\b[^\n\d]{0,20}v?(\d+\.\d+(?:\.\d+)?)/gi;

function threadOf(body: string, comments: readonly string[]): string {
  const text = [body, ...comments].join("\n");
  return text.length > THREAD_CHARS ? text.slice(0, THREAD_CHARS) : text;
}

export const issueDocId = (id: number) => `i:${id}`;
export const entryDocId = (id: string) => `e:${id}`;

/** What an issue's document was written from, but its cluster (a column of its own, moved in SQL). */
export function issueFingerprint(row: {
  updatedAt: string;
  primarySignatureId: string | null;
  commentStamp: string;
}): string {
  return `${row.updatedAt}|${row.primarySignatureId ?? ""}|${row.commentStamp}`;
}

export function entryFingerprint(row: EntryRow): string {
  return `${row.updatedAt}|${row.state}|${row.version}|${row.clusterId ?? ""}`;
}

/** Versions a reporter names ("MLServer: 1.2.4", "seldon-core v1.17.1"). */
export function versionsIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(VERSION)) if (m[1]) found.add(m[1]);
  return [...found].slice(0, 8);
}

export function issueDocument(
  row: IssueDocRow,
  links: IssueSignatureLink[],
  comments: readonly string[],
): { doc: IndexDoc; meta: IssueMeta } {
  const ordered = [...links].sort((a, b) => (a.role === b.role ? 0 : a.role === "primary" ? -1 : 1));
  const samples = ordered.map((l) => ({
    signatureId: l.signatureId,
    sample: l.sample,
    template: l.template,
  }));
  const repoName = row.repo.split("/")[1]?.toLowerCase() ?? row.repo.toLowerCase();
  return {
    doc: {
      id: issueDocId(row.id),
      title: row.title,
      errors: samples.map((s) => s.sample).join("\n"),
      body: threadOf(row.body, comments),
    },
    meta: {
      id: row.id,
      repo: row.repo,
      number: row.number,
      title: row.title,
      url: row.url,
      clusterId: row.clusterId,
      components: [...new Set([repoName, ...row.labels.map((l) => l.toLowerCase())])],
      versions: versionsIn(row.body),
      samples,
      v: issueFingerprint(row),
    },
  };
}

export function entryDocument(row: EntryRow): { doc: IndexDoc; meta: EntryMeta } {
  const repos = [...new Set(row.sourceIssues.map((s) => s.split("#")[0] ?? s))];
  return {
    doc: {
      id: entryDocId(row.id),
      title: row.title,
      errors: [row.symptom, ...row.errorSignatures].join("\n"),
      body: `${row.cause}\n${row.resolution}`.slice(0, BODY_CHARS * 2),
    },
    meta: {
      id: row.id,
      title: row.title,
      // A published entry answers with how to fix it first; a draft still only describes the symptom.
      snippet: (row.state === "published" && row.resolution
        ? summaryOf(row.resolution)
        : row.symptom || row.cause
      ).slice(0, 240),
      clusterId: row.clusterId,
      state: row.state,
      components: row.components.map((c) => c.toLowerCase()),
      versions: row.affectedVersions,
      repos,
      signatures: row.errorSignatures,
      sourceIssues: row.sourceIssues,
      v: entryFingerprint(row),
    },
  };
}
