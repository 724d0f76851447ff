// Writes the committed sample corpus (test/fixtures/sample-corpus.json) used by tests and the demo.
// Usage: npm run corpus -- [--seed N] [--out FILE] [--issues N] [--comments AVG]
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { generateCorpus } from "./corpus/generate";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "20261126" },
    out: { type: "string", default: "test/fixtures/sample-corpus.json" },
    issues: { type: "string" },
    comments: { type: "string" },
  },
});

const corpus = generateCorpus({
  seed: Number(values.seed),
  totalIssues: values.issues === undefined ? undefined : Number(values.issues),
  avgComments: values.comments === undefined ? undefined : Number(values.comments),
});
mkdirSync(dirname(values.out), { recursive: true });
// One record per line keeps the fixture diffable without the size of full indentation.
const lines = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join(",\n");
const text = `{"repos":[\n${lines(corpus.repos)}\n],\n"issues":[\n${lines(corpus.issues)}\n],\n"comments":[\n${lines(corpus.comments)}\n],\n"families":${JSON.stringify(corpus.families, null, 1)},\n"fixes":${JSON.stringify(corpus.fixes ?? {}, null, 1)}\n}\n`;
writeFileSync(values.out, text);
const prs = corpus.issues.filter((i) => i.pull_request).length;
console.log(
  `wrote ${values.out}: ${corpus.issues.length} issues (${prs} PRs), ${corpus.comments.length} comments, ${(text.length / 1e6).toFixed(2)} MB`,
);
