export { type DemandGroup, groupDemand, type LoggedSearch, querySignature } from "./demand";
export * from "./queue-score";
export { stalenessReasons, type WatchedEntry, type WatchedIssue } from "./staleness";
