import { informativeWords, pinnedWords } from "../evidence/features";
import { signatureId } from "../signature/hash";
import type { FeatureStats, Posting } from "./link";

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

/**
 * Virtual features for pairs of near features: the union of both posting lists, qualities scaled
 * by the pairs' similarity, so issues showing the two wordings can be tied like issues sharing one.
 */
export function nearFeatures(stats: ReadonlyMap<string, FeatureStats>): Map<string, FeatureStats> {
  const words = new Map<string, Set<string>>();
  const pinned = new Map<string, Set<string>>();
  const byWord = new Map<string, string[]>();
  for (const [id, s] of [...stats].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (s.general) continue;
    const set = new Set(informativeWords(s.template).map((w) => w.toLowerCase()));
    if (set.size < MIN_WORDS) continue;
    pinned.set(id, pinnedWords(s.template));
    words.set(id, set);
    for (const w of set) byWord.set(w, [...(byWord.get(w) ?? []), id]);
  }
  const out = new Map<string, FeatureStats>();
  const seen = new Set<string>();
  for (const [id, set] of words) {
    for (const w of set) {
      const candidates = byWord.get(w) ?? [];
      if (candidates.length > MAX_CANDIDATES_PER_WORD) continue;
      for (const other of candidates) {
        if (other <= id || seen.has(`${id}|${other}`)) continue;
        seen.add(`${id}|${other}`);
        const otherWords = words.get(other) ?? new Set<string>();
        const similarity = jaccard(set, otherWords);
        if (similarity < NEAR_JACCARD || differsInPinned(set, otherWords, pinned.get(id), pinned.get(other)))
          continue;
        const a = stats.get(id);
        const b = stats.get(other);
        if (!a || !b) continue;
        const postings = merge(a.postings, b.postings, similarity);
        if (postings.length <= Math.max(a.postings.length, b.postings.length)) continue;
        const template = `${a.template} ≈ ${b.template}`;
        out.set(signatureId(template), { template, spec: Math.min(a.spec, b.spec), general: true, postings });
      }
    }
  }
  return out;
}
