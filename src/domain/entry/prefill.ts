// A draft entry prefilled from a cluster's evidence, deterministically: the same cluster and threads
// always give the same draft. The curator edits it; nothing here is published as is.
import { candidateFixes, type Thread } from "./candidate-fixes";
import type { CandidateFix, EntryContent } from "./model";
import { formatVersion, type ProductVersion, sortVersions, versionsIn } from "./versions";

export interface EvidenceIssue {
  key: string;
  repo: string;
  title: string;
  body: string;
  labels: string[];
}

export interface ClusterEvidence {
  template: string;
  /** Templates of the cluster's other signatures, most common first. */
  otherTemplates: string[];
  /** Raw error lines from member issues, in a stable order. */
  samples: string[];
  issues: EvidenceIssue[];
  threads: Thread[];
}

// Labels that say what kind of issue it is, not what it is about.
const GENERIC_LABELS = new Set([
  "bug",
  "triage",
  "stale",
  "question",
  "enhancement",
  "duplicate",
  "wontfix",
  "invalid",
  "help wanted",
  "good first issue",
  "needs triage",
]);
const MAX_SOURCES = 50;
const MAX_TITLE = 120;

/** "Failed to schedule model <*> as no matching servers…" → "Failed to schedule model … as no matching servers…". */
export function readableTitle(template: string): string {
  const text = template
    .replaceAll("<*>", "…")
    .replace(/(?:…[\s,:;/.-]*){2,}/g, "… ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > MAX_TITLE ? `${text.slice(0, MAX_TITLE - 1).trimEnd()}…` : text;
}

/** A fence longer than any backtick run in the text, so pasted text cannot close it early. */
export function fenced(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

function symptomOf(template: string, samples: string[]): string {
  const examples = [...new Set(samples)].slice(0, 2);
  const lines = ["The error, with the parts that vary masked as `<*>`:", "", fenced(template)];
  if (examples.length > 0) lines.push("", "As it shows up in the reports:", "", fenced(examples.join("\n")));
  return lines.join("\n");
}

/** What an entry or queue item is about: the repos' names and the labels that name a component. */
export function componentsOf(issues: { repo: string; labels: string[] }[]): string[] {
  const found = new Set<string>();
  for (const i of issues) {
    found.add((i.repo.split("/")[1] ?? i.repo).toLowerCase());
    for (const l of i.labels) if (!GENERIC_LABELS.has(l.toLowerCase())) found.add(l.toLowerCase());
  }
  return [...found].sort();
}

function affectedVersions(issues: EvidenceIssue[]): string[] {
  const all = new Map<string, ProductVersion>();
  for (const i of issues) for (const v of versionsIn(i.body)) all.set(formatVersion(v), v);
  return sortVersions([...all.values()]).map(formatVersion);
}

export function prefillEntry(evidence: ClusterEvidence): EntryContent & { candidateFixes: CandidateFix[] } {
  const sources = [...evidence.issues]
    .sort((a, b) => a.key.localeCompare(b.key, "en", { numeric: true }))
    .slice(0, MAX_SOURCES);
  return {
    title: readableTitle(evidence.template),
    symptom: symptomOf(evidence.template, evidence.samples),
    errorSignatures: [...new Set([evidence.template, ...evidence.otherTemplates])].slice(0, 8),
    cause: "",
    resolution: "",
    affectedVersions: affectedVersions(evidence.issues),
    components: componentsOf(evidence.issues),
    sourceIssues: sources.map((i) => i.key),
    candidateFixes: candidateFixes(evidence.threads),
  };
}
