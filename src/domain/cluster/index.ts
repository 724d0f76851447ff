export { clusterEvidence, clusterIssues } from "./cluster-issues";
export { splitClusterId } from "./groups";
export { DEFAULT_LINK_PARAMS, type LinkParams } from "./link-weights";
export { type GroupingScore, pairF1, scoreGrouping } from "./metrics";
export type {
  ClusterResult,
  ClusterRule,
  ClusterSummary,
  ClusterTie,
  IssueAssignment,
  IssueDoc,
  SignatureInfo,
} from "./types";
