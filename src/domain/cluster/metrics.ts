// Loghub definitions: a message is correctly grouped when the set of messages sharing its key is
// exactly the set sharing its label; group-F1 counts groups that match a label group exactly.
export interface GroupingScore {
  accuracy: number;
  groupF1: number;
  predictedGroups: number;
  labelGroups: number;
}

function groupsOf(values: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  values.forEach((v, i) => {
    const g = groups.get(v);
    if (g) g.push(i);
    else groups.set(v, [i]);
  });
  return groups;
}

export function scoreGrouping(predicted: readonly string[], labels: readonly string[]): GroupingScore {
  const byKey = groupsOf(predicted);
  const byLabel = groupsOf(labels);
  let correctMessages = 0;
  let correctGroups = 0;
  for (const members of byKey.values()) {
    const first = members[0];
    const label = first === undefined ? undefined : labels[first];
    const labelMembers = label === undefined ? undefined : byLabel.get(label);
    if (labelMembers && labelMembers.length === members.length && members.every((i) => labels[i] === label)) {
      correctMessages += members.length;
      correctGroups += 1;
    }
  }
  const precision = byKey.size ? correctGroups / byKey.size : 0;
  const recall = byLabel.size ? correctGroups / byLabel.size : 0;
  return {
    accuracy: labels.length ? correctMessages / labels.length : 0,
    groupF1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    predictedGroups: byKey.size,
    labelGroups: byLabel.size,
  };
}

// Pairwise F1 over issue pairs, used for the sample corpus's recorded families.
export function pairF1(predicted: readonly (string | null)[], labels: readonly (string | null)[]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < predicted.length; i++) {
    for (let j = i + 1; j < predicted.length; j++) {
      const p = predicted[i] != null && predicted[i] === predicted[j];
      const l = labels[i] != null && labels[i] === labels[j];
      if (p && l) tp++;
      else if (p) fp++;
      else if (l) fn++;
    }
  }
  return tp === 0 ? (fp + fn === 0 ? 1 : 0) : (2 * tp) / (2 * tp + fp + fn);
}

export interface PairScore {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  labelPairs: number;
}

function pairsWithin(groups: Iterable<number>): number {
  let n = 0;
  for (const size of groups) n += (size * (size - 1)) / 2;
  return n;
}

function countBy(values: readonly (string | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/**
 * Pair precision/recall/F1 from group sizes, linear in the number of items: a pair is predicted
 * when both items carry the same non-null key, and true when both carry the same non-null label.
 */
export function pairScore(
  predicted: readonly (string | null)[],
  labels: readonly (string | null)[],
): PairScore {
  const both = predicted.map((p, i) => (p !== null && labels[i] != null ? `${p}\u0000${labels[i]}` : null));
  const truePairs = pairsWithin(countBy(both).values());
  const predictedPairs = pairsWithin(countBy(predicted).values());
  const labelPairs = pairsWithin(countBy(labels).values());
  const precision = predictedPairs === 0 ? 1 : truePairs / predictedPairs;
  const recall = labelPairs === 0 ? 1 : truePairs / labelPairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs, labelPairs };
}

/** Adjusted Rand index of two partitions of the same items (every item labelled in both). */
export function adjustedRandIndex(a: readonly string[], b: readonly string[]): number {
  const n = a.length;
  if (n < 2) return 1;
  const joint = pairsWithin(countBy(a.map((x, i) => `${x}\u0000${b[i]}`)).values());
  const sa = pairsWithin(countBy(a).values());
  const sb = pairsWithin(countBy(b).values());
  const total = (n * (n - 1)) / 2;
  const expected = (sa * sb) / total;
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (joint - expected) / (max - expected);
}
