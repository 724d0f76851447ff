import type { MaskedValue } from "../domain/signature/index.js";

export const ENTRY_STATES = ["draft", "published", "needs-review", "archived"] as const;
export const CLUSTER_STATES = ["new", "reviewed", "promoted", "ignored"] as const;
export const SEARCH_STATES = [...ENTRY_STATES, ...CLUSTER_STATES] as const;
export type SearchState = (typeof SEARCH_STATES)[number];

export interface SearchFilters {
  repo?: string;
  component?: string;
  version?: string;
  state?: SearchState;
}

export interface SearchRequest {
  text: string;
  limit: number;
  filters?: SearchFilters;
}

/** Why a result matched: the query line, the known template it met, the values that were masked. */
export interface MatchReason {
  kind: "signature" | "template" | "near" | "text";
  line: string;
  template: string | null;
  queryTemplate: string | null;
  masked: MaskedValue[];
  similarity: number | null;
  terms: string[];
}

export interface IssueRef {
  repo: string;
  number: number;
  title: string;
  url: string;
}

export interface SearchHit {
  /** `issue`: a thread that is in no cluster (it reports no recognised error) but holds the text. */
  type: "entry" | "cluster" | "issue";
  id: string;
  title: string;
  score: number;
  clusterId: string | null;
  snippet: string;
  signature: string | null;
  template: string | null;
  state: string;
  issueCount: number;
  issues: IssueRef[];
  why: MatchReason[];
}

/**
 * How well the best answer matches: `strong` (the pasted error is a known one), `partial` (similar
 * error or many words in common), `weak` (only some words in common), `none` (nothing found).
 */
export type SearchConfidence = "strong" | "partial" | "weak" | "none";

export interface SearchOutcome {
  query: string;
  confidence: SearchConfidence;
  matchedSignature: string | null;
  /** The error lines read from the query, best first (what the search looked for). */
  lines: string[];
  results: SearchHit[];
}
