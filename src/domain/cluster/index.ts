export { clusterIssues } from "./cluster-issues";
export { splitClusterId } from "./groups";
export { issueErrorLines } from "./issue-signatures";
export { type GroupingScore, pairF1, scoreGrouping } from "./metrics";
export type {
  ClusterResult,
  ClusterRule,
  ClusterSummary,
  IssueAssignment,
  IssueDoc,
  SignatureInfo,
} from "./types";
