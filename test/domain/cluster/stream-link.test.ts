import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectFeatures } from "../../../src/domain/cluster/feature-stats";
import { linkFeatures } from "../../../src/domain/cluster/link";
import { rarityCorpus } from "../../../src/domain/cluster/link-weights";
import { StreamLinker } from "../../../src/domain/cluster/stream-link";
import { issueEvidence } from "../../../src/domain/evidence/issue-evidence";
import { lines, textOf } from "../../clustering/link-pool";

// The paged full link feeds features one at a time, in the order it reads them: the groups and ties
// must be those of `linkFeatures` over all of them at once, whatever that order.
describe("StreamLinker", () => {
  it("links as linkFeatures does, with features fed in any order", () => {
    fc.assert(
      fc.property(fc.array(lines, { minLength: 2, maxLength: 40 }), fc.nat(), (texts, seed) => {
        const evidence = texts
          .map((l, i) =>
            issueEvidence({
              key: `o/r#${i + 1}`,
              title: `Report ${i + 1}`,
              body: textOf(l),
              comments: [],
              isPullRequest: false,
            }),
          )
          .sort((a, b) => a.key.localeCompare(b.key));
        const stats = collectFeatures(evidence);
        const keyOf = (i: number) => evidence[i]?.key ?? "";
        const clusterable = (i: number) => evidence[i]?.clusterable === true;
        const corpus = rarityCorpus(evidence.filter((e) => e.clusterable).length);
        const want = linkFeatures(stats, {
          inside: evidence.length,
          size: evidence.length,
          keyOf,
          clusterable,
          corpus,
        });
        // A shuffled order (a seeded rotation and reversal of the feature list).
        const entries = [...stats];
        const k = seed % Math.max(1, entries.length);
        const order = [...entries.slice(k), ...entries.slice(0, k)];
        if (seed % 2 === 1) order.reverse();
        const linker = new StreamLinker(evidence.length, keyOf, corpus);
        for (const [id, s] of order) linker.add(id, s);
        const groups = linker.finish(clusterable);
        expect(groups).toEqual(want.groups);
        for (let i = 0; i < evidence.length; i++)
          expect(linker.tiesOf(i).map((t) => ({ ...t, other: keyOf(t.other) }))).toEqual(
            want.ties.get(i) ?? [],
          );
      }),
      { numRuns: 200 },
    );
  });
});
