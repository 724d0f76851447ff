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
