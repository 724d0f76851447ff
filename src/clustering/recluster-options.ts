/** Slice sizes and a test hook for the re-cluster steps; the defaults suit D1 and SQLite alike. */
export interface ReclusterOptions {
  /** Issues whose texts one extract slice loads (default 100). */
  extractPage?: number;
  /** Evidence rows one read of the link step loads (default 1,000). */
  linkPage?: number;
  /** Postings one read of the full link's sweep loads (default 5,000). */
  sweepPage?: number;
  /** Staged rows one write slice applies (default 500). */
  writeSlice?: number;
  /** "full" links the whole corpus every time (tests compare it with the local relink). */
  link?: "local" | "full";
  /** A local relink may touch this many issues, or a tenth of the corpus if more (default 2,000). */
  localMinIssues?: number;
  /** The join relink may relink this many issues, or 1% of the corpus if more (default 1,000). */
  localMinJoin?: number;
  /** Called after every slice's writes (tests make a slice die here). */
  onSlice?: (step: string, slice: number) => void;
}

export const issueKey = (repo: string, number: number) => `${repo}#${number}`;
