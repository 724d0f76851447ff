export { candidateFixes, type Thread, type ThreadComment } from "./candidate-fixes";
export { type DiffLine, diffEntries, diffLines, type FieldDiff } from "./diff";
export { renderMarkdown } from "./markdown";
export * from "./model";
export {
  type ClusterEvidence,
  componentsOf,
  type EvidenceIssue,
  fenced,
  prefillEntry,
  readableTitle,
} from "./prefill";
export { summaryOf } from "./summary";
export * from "./versions";
