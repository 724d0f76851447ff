// Why a cluster deserves a curator's time, as numbers a page can show: every point of the score
// comes from a named part, so "why is this first?" has an answer.

export interface MemberStats {
  author: string | null;
  createdAt: string;
  state: "open" | "closed";
  stateReason: string | null;
  reactions: number;
  comments: number;
}

export type Trend = "rising" | "steady" | "falling" | "new" | "quiet";

export interface ClusterWhy {
  reporters: number;
  recentIssues: number;
  olderIssues: number;
  trend: Trend;
  reactions: number;
  comments: number;
  open: number;
  fixed: number;
  notPlanned: number;
  searches: number;
  /** Points each part adds to the score; they sum to it. */
  points: Record<string, number>;
}

const DAY = 86_400_000;
const RECENT_DAYS = 90;
const MONTHS = 12;

// Weights: people hurting now count most; a closed-as-fixed issue means a known fix waits to be
// written down; closed as not planned (stale) is not fixed and adds nothing.
const WEIGHTS = {
  reporters: 2,
  recentIssues: 3,
  olderIssues: 1,
  reactions: 0.5,
  comments: 0.2,
  open: 1,
  fixed: 1.5,
  searches: 2,
  rising: 5,
};

const round = (n: number) => Math.round(n * 10) / 10;

function trendOf(recent: number, prior: number): Trend {
  // `prior` counts the 360 days before the recent window: four windows of the same length.
  const perWindow = prior / 4;
  if (recent === 0 && prior === 0) return "quiet";
  if (prior === 0) return "new";
  if (recent >= 2 && recent > 1.5 * perWindow) return "rising";
  if (recent < 0.5 * perWindow) return "falling";
  return "steady";
}

export function scoreCluster(
  members: MemberStats[],
  searches: number,
  now: Date,
): { score: number; why: ClusterWhy } {
  const recentFrom = now.getTime() - RECENT_DAYS * DAY;
  const priorFrom = recentFrom - 4 * RECENT_DAYS * DAY;
  const at = members.map((m) => Date.parse(m.createdAt));
  const recentIssues = at.filter((t) => t >= recentFrom).length;
  const prior = at.filter((t) => t < recentFrom && t >= priorFrom).length;
  const counts = {
    reporters: new Set(members.map((m) => m.author ?? "")).size,
    recentIssues,
    olderIssues: members.length - recentIssues,
    reactions: members.reduce((n, m) => n + m.reactions, 0),
    comments: members.reduce((n, m) => n + m.comments, 0),
    open: members.filter((m) => m.state === "open").length,
    fixed: members.filter((m) => m.state === "closed" && m.stateReason === "completed").length,
    searches,
  };
  const trend = trendOf(recentIssues, prior);
  const points: Record<string, number> = {};
  for (const [name, count] of Object.entries(counts)) {
    const p = round(count * WEIGHTS[name as keyof typeof counts]);
    if (p > 0) points[name] = p;
  }
  if (trend === "rising") points.rising = WEIGHTS.rising;
  const score = round(Object.values(points).reduce((a, b) => a + b, 0));
  const notPlanned = members.filter((m) => m.state === "closed" && m.stateReason !== "completed").length;
  return { score, why: { ...counts, trend, notPlanned, points } };
}

/** Issues per calendar month, oldest first, over the twelve months up to `now`: the sparkline. */
export function monthlyActivity(createdAt: string[], now: Date): number[] {
  const counts = new Array<number>(MONTHS).fill(0);
  const endYear = now.getUTCFullYear();
  const endMonth = now.getUTCMonth();
  for (const iso of createdAt) {
    const d = new Date(iso);
    const back = (endYear - d.getUTCFullYear()) * 12 + (endMonth - d.getUTCMonth());
    if (back >= 0 && back < MONTHS) counts[MONTHS - 1 - back]! += 1;
  }
  return counts;
}

export interface DemandWhy {
  searches: number;
  recentSearches: number;
  lastSearchedAt: string;
  examples: string[];
  points: Record<string, number>;
}

/** Searches that found nothing good: each one is someone who needed an entry that does not exist. */
export function scoreDemand(
  searchedAt: string[],
  examples: string[],
  now: Date,
): { score: number; why: DemandWhy } {
  const recentFrom = now.getTime() - 30 * DAY;
  const recentSearches = searchedAt.filter((t) => Date.parse(t) >= recentFrom).length;
  const points = { unanswered: round(searchedAt.length * 4), recentSearches: round(recentSearches * 2) };
  const lastSearchedAt = [...searchedAt].sort().at(-1) ?? "";
  return {
    score: round(points.unanswered + points.recentSearches),
    why: { searches: searchedAt.length, recentSearches, lastSearchedAt, examples, points },
  };
}

/** Published entries that went stale come before everything else: people are reading them now. */
export const STALE_ENTRY_BASE = 1000;

export function scoreStaleEntry(reasons: string[]): { score: number; why: { reasons: string[] } } {
  return { score: STALE_ENTRY_BASE + reasons.length, why: { reasons } };
}
