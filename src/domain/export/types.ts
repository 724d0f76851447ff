// What the export renders: a published entry with its signatures and source issues resolved, and
// the upstream docs layout each page goes into.

export type DocsTargetKey = "core-v2" | "core-v1" | "mlserver";
export const DOCS_TARGET_KEYS: readonly DocsTargetKey[] = ["core-v2", "core-v1", "mlserver"];

export interface ExportSignature {
  /** The normalized template, variable parts as `<*>`. */
  template: string;
  /** One real error line with that template, from a source issue; null when none is stored. */
  sample: string | null;
}

export interface ExportIssueRef {
  repo: string; // "Owner/name"
  number: number;
  title: string | null;
  url: string;
}

export interface ExportEntry {
  id: string;
  version: number;
  title: string;
  symptom: string;
  cause: string;
  resolution: string;
  signatures: ExportSignature[];
  affectedVersions: string[];
  components: string[];
  sources: ExportIssueRef[];
  /** A curator's choice of docs; null lets components and versions decide. */
  targetOverride: DocsTargetKey | null;
}

/** Where SUMMARY.md gets the troubleshooting block. */
export interface SummaryAnchor {
  /** `## Group` heading to put the block in; null for a flat table of contents. */
  group: string | null;
  /** Put the block right after the top-level item linking this page, when present. */
  afterLink?: string;
  /** Or right before the top-level item linking this page, when present. */
  beforeLink?: string;
}

export interface DocsTarget {
  key: DocsTargetKey;
  /** Product name as the docs write it. */
  product: string;
  repo: string;
  branch: string;
  docsRoot: string;
  /** Folder under docsRoot that the export owns. */
  folder: string;
  summary: SummaryAnchor;
}

export interface DocsFile {
  /** Path from the repository root, "/"-separated. */
  path: string;
  content: string;
}

export interface PageRef {
  entry: ExportEntry;
  /** File name inside the troubleshooting folder, e.g. "model-stuck-in-schedulefailed.md". */
  fileName: string;
}
