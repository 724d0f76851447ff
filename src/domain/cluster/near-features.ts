import { informativeWords, pinnedWords } from "../evidence/features";
import { signatureId } from "../signature/hash";
import type { FeatureStats, Posting } from "./feature-stats";

// The same message worded a little differently by two versions or two reporters (`didn't find
// section in config file` / `didn't find the section in the config file`, a message quoted from
// memory). Two features are near when their informative words overlap this much.
const NEAR_JACCARD = 0.75;
const MIN_WORDS = 3;
// A word in more features than this is common enough not to propose candidates on its own.
const MAX_CANDIDATES_PER_WORD = 200;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let common = 0;
  for (const w of a) if (b.has(w)) common += 1;
  return common / (a.size + b.size - common);
}

// `cannot import name 'Conversation'` and `… 'Schema'` share every other word: the pinned word
// that differs is the whole difference.
function differsInPinned(a: Set<string>, b: Set<string>, pa = new Set<string>(), pb = new Set<string>()) {
  for (const w of pa) if (!b.has(w)) return true;
  for (const w of pb) if (!a.has(w)) return true;
  return false;
}

// A tie weighs both postings' qualities, so each is scaled by the square root of the similarity:
// the pair pays for the difference in wording once. Two whole lines worded alike stay whole lines.
function merge(a: Posting[], b: Posting[], similarity: number): Posting[] {
  const factor = Math.sqrt(similarity);
  const out = new Map<number, Posting>();
  for (const p of [...a, ...b]) {
    const scaled = { ...p, quality: p.quality * factor };
    const prev = out.get(p.issue);
    if (!prev) out.set(p.issue, scaled);
    else
      out.set(p.issue, {
        issue: p.issue,
        quality: Math.max(prev.quality, scaled.quality),
        lead: prev.lead || p.lead,
        whole: prev.whole || p.whole,
      });
  }
  return [...out.values()];
}

/** Two features worded alike (ids in order), and how alike (Jaccard of their informative words). */
export interface NearPair {
  a: string;
  b: string;
  similarity: number;
}

/**
 * Every pair of near features among `features` (id → template, general): from templates alone,
 * so a local relink can find them over the whole corpus's features without their postings.
 * `only`, when given, keeps the pairs with at least one feature in it.
 */
export function nearPairs(
  features: Iterable<[string, { template: string; general: boolean }]>,
  only?: ReadonlySet<string>,
): NearPair[] {
  const words = new Map<string, Set<string>>();
  const pinned = new Map<string, Set<string>>();
  const byWord = new Map<string, string[]>();
  for (const [id, s] of [...features].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (s.general) continue;
    const set = new Set(informativeWords(s.template).map((w) => w.toLowerCase()));
    if (set.size < MIN_WORDS) continue;
    pinned.set(id, pinnedWords(s.template));
    words.set(id, set);
    for (const w of set) {
      const list = byWord.get(w);
      if (list) list.push(id);
      else byWord.set(w, [id]);
    }
  }
  const out: NearPair[] = [];
  const seen = new Set<string>();
  for (const [id, set] of words) {
    for (const w of set) {
      const candidates = byWord.get(w) ?? [];
      if (candidates.length > MAX_CANDIDATES_PER_WORD) continue;
      for (const other of candidates) {
        if (other <= id || seen.has(`${id}|${other}`)) continue;
        if (only && !only.has(id) && !only.has(other)) continue;
        seen.add(`${id}|${other}`);
        const otherWords = words.get(other) ?? new Set<string>();
        const similarity = jaccard(set, otherWords);
        if (similarity < NEAR_JACCARD || differsInPinned(set, otherWords, pinned.get(id), pinned.get(other)))
          continue;
        out.push({ a: id, b: other, similarity });
      }
    }
  }
  return out;
}

/**
 * The near pairs of one feature at a time, over the same features `nearPairs` reads: a pair is
 * found through any word both share that is in at most MAX_CANDIDATES_PER_WORD features, so
 * `pairsOf(a)` holds exactly the pairs of `nearPairs` that name `a`.
 */
export class NearIndex {
  private readonly words = new Map<string, Set<string>>();
  private readonly pinned = new Map<string, Set<string>>();
  private readonly byWord = new Map<string, string[]>();
  private readonly memo = new Map<string, NearPair[]>();
  constructor(features: Iterable<[string, { template: string; general: boolean }]>) {
    for (const [id, s] of features) {
      if (s.general) continue;
      const set = nearWords(s.template);
      if (set.size < MIN_WORDS) continue;
      this.pinned.set(id, pinnedWords(s.template));
      this.words.set(id, set);
      for (const w of set) {
        const list = this.byWord.get(w);
        if (list) list.push(id);
        else this.byWord.set(w, [id]);
      }
    }
  }
  pairsOf(id: string): NearPair[] {
    const known = this.memo.get(id);
    if (known) return known;
    const out = this.pairsUncached(id);
    this.memo.set(id, out);
    return out;
  }

  /** `pairsOf` without keeping the answer (a sweep over every feature asks once each). */
  pairsUncached(id: string): NearPair[] {
    const out: NearPair[] = [];
    const set = this.words.get(id);
    const seen = new Set<string>([id]);
    for (const w of set ?? []) {
      const candidates = this.byWord.get(w) ?? [];
      if (candidates.length > MAX_CANDIDATES_PER_WORD) continue;
      for (const other of candidates) {
        if (seen.has(other) || !set) continue;
        seen.add(other);
        const otherWords = this.words.get(other) ?? new Set<string>();
        const similarity = jaccard(set, otherWords);
        if (
          similarity < NEAR_JACCARD ||
          differsInPinned(set, otherWords, this.pinned.get(id), this.pinned.get(other))
        )
          continue;
        out.push(id < other ? { a: id, b: other, similarity } : { a: other, b: id, similarity });
      }
    }
    return out;
  }

  /**
   * The near pairs a feature not indexed here (`id`, spelled `s`: one that is gone) would have among
   * the indexed features `skip` does not reject and among `extra` (others not indexed), each word's
   * count taken as it is here: what that feature had, when no word's count crossed the cap since.
   */
  pairsFor(
    id: string,
    s: { template: string; general: boolean },
    extra: ReadonlyMap<string, { template: string; general: boolean }>,
    skip: (other: string) => boolean,
  ): NearPair[] {
    if (s.general) return [];
    const set = nearWords(s.template);
    if (set.size < MIN_WORDS) return [];
    const pinned = pinnedWords(s.template);
    const extraWords = new Map(
      [...extra]
        .filter(([other, e]) => other !== id && !e.general)
        .map(
          ([other, e]) => [other, { words: nearWords(e.template), pinned: pinnedWords(e.template) }] as const,
        )
        .filter(([, e]) => e.words.size >= MIN_WORDS),
    );
    const out: NearPair[] = [];
    const seen = new Set<string>([id]);
    for (const w of set) {
      const candidates = this.byWord.get(w) ?? [];
      if (candidates.length > MAX_CANDIDATES_PER_WORD) continue;
      const others = [...candidates, ...[...extraWords].filter(([, e]) => e.words.has(w)).map(([o]) => o)];
      for (const other of others) {
        if (seen.has(other) || skip(other)) continue;
        seen.add(other);
        const e = extraWords.get(other);
        const otherWords = e?.words ?? this.words.get(other) ?? new Set<string>();
        const similarity = jaccard(set, otherWords);
        if (
          similarity < NEAR_JACCARD ||
          differsInPinned(set, otherWords, pinned, e?.pinned ?? this.pinned.get(other))
        )
          continue;
        out.push(id < other ? { a: id, b: other, similarity } : { a: other, b: id, similarity });
      }
    }
    return out;
  }
}

/** What a relink asks of the near pairs: one feature's at a time. */
export interface NearPairs {
  pairsOf(id: string): NearPair[];
}

/** How many features each word is in (features as `nearPairs` counts them). */
export function nearWordCounts(
  features: Iterable<{ template: string; general: boolean }>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of features) {
    if (s.general) continue;
    const set = new Set(informativeWords(s.template).map((w) => w.toLowerCase()));
    if (set.size < MIN_WORDS) continue;
    for (const w of set) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

/** The informative words of a template as `nearPairs` reads them. */
export function nearWords(template: string): Set<string> {
  return new Set(informativeWords(template).map((w) => w.toLowerCase()));
}

export { MAX_CANDIDATES_PER_WORD };

/** The virtual feature of a near pair, or null when it would add no issue to either feature. */
export function nearFeature(pair: NearPair, a: FeatureStats, b: FeatureStats): [string, FeatureStats] | null {
  const postings = merge(a.postings, b.postings, pair.similarity);
  if (postings.length <= Math.max(a.postings.length, b.postings.length)) return null;
  const template = `${a.template} ≈ ${b.template}`;
  return [signatureId(template), { template, spec: Math.min(a.spec, b.spec), general: true, postings }];
}

/**
 * Virtual features for pairs of near features: the union of both posting lists, qualities scaled
 * by the pairs' similarity, so issues showing the two wordings can be tied like issues sharing one.
 */
export function nearFeatures(stats: ReadonlyMap<string, FeatureStats>): Map<string, FeatureStats> {
  const out = new Map<string, FeatureStats>();
  for (const pair of nearPairs(stats)) {
    const a = stats.get(pair.a);
    const b = stats.get(pair.b);
    if (!a || !b) continue;
    const near = nearFeature(pair, a, b);
    if (near) out.set(near[0], near[1]);
  }
  return out;
}

/**
 * Features that are near one of `spellings` whatever the per-word cap: a superset of the pairs a
 * spelling was or is in, for the local relink to find every issue such a pair could have tied.
 */
export function looseNearPartners(
  spellings: readonly { template: string; general: boolean }[],
  features: ReadonlyMap<string, { template: string; general: boolean }>,
): Set<string> {
  const out = new Set<string>();
  const wanted = spellings
    .filter((s) => !s.general)
    .map((s) => ({ words: nearWords(s.template), pinned: pinnedWords(s.template) }))
    .filter((s) => s.words.size >= MIN_WORDS);
  if (wanted.length === 0) return out;
  const all = new Set(wanted.flatMap((s) => [...s.words]));
  for (const [id, f] of features) {
    if (f.general) continue;
    const words = nearWords(f.template);
    if (words.size < MIN_WORDS || ![...words].some((w) => all.has(w))) continue;
    const pinned = pinnedWords(f.template);
    for (const s of wanted) {
      if (jaccard(s.words, words) >= NEAR_JACCARD && !differsInPinned(s.words, words, s.pinned, pinned)) {
        out.add(id);
        break;
      }
    }
  }
  return out;
}
