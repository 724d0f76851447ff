import type { MaskedValue } from "../signature/types";

export interface IssueDoc {
  key: string;
  title: string;
  body: string;
  comments: string[];
  isPullRequest: boolean;
}

export interface ClusterRule {
  kind: "merge" | "split";
  signatureIds: string[];
  targetClusterId?: string;
  issueKeys?: string[];
  id: string;
}

export interface SignatureInfo {
  id: string;
  template: string;
  sample: string;
  masks: MaskedValue[];
  // Id of the normalized line before corpus mining; rules match it too, so a rule written against
  // a template keeps working after re-mining generalizes that template.
  baseId: string;
  // The extracted message, before masking (why this line was chosen).
  message: string;
  /** How much this line speaks for its issue (0–1), and whether the issue leads with it. */
  quality: number;
  lead: boolean;
}

/** Why an issue is in its cluster: a feature it shares with another member, and how strongly. */
export interface ClusterTie {
  template: string;
  weight: number;
  /** The member it shares that feature with ("Owner/repo#N"). */
  other: string;
}

export interface IssueAssignment {
  key: string;
  primary: SignatureInfo | null;
  secondary: SignatureInfo[];
  clusterId: string | null;
  ties: ClusterTie[];
}

export interface ClusterSummary {
  id: string;
  signatureIds: string[];
  template: string;
  memberKeys: string[];
}

export interface ClusterResult {
  assignments: IssueAssignment[];
  clusters: ClusterSummary[];
}
