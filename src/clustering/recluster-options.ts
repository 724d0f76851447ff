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
  /** A local relink may touch this many issues, or half the corpus if more (default 2,000). */
  localMinIssues?: number;
  /** Called after every slice's writes (tests make a slice die here). */
  onSlice?: (step: string, slice: number) => void;
}

export const issueKey = (repo: string, number: number) => `${repo}#${number}`;
