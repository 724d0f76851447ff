// Serves a corpus file through the GitHub REST emulator on loopback.
// Usage: node --import tsx scripts/github-emulator.ts [--corpus FILE] [--port N] [--token T]...
//        [--rate-limit N] [--fault-rate R --fault-seed S]
// Prints "listening http://127.0.0.1:PORT" once ready; SIGTERM or SIGINT closes it. Seldon's docs
// repositories (git data, forks, pull requests) are served too, for `kb export --pr`.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { SELDON_DOCS_SEED } from "../src/emulators/github-docs-seed";
import { startGitHubEmulator } from "../src/emulators/github-emulator";
import type { Corpus } from "../src/emulators/github-types";

const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: "test/fixtures/sample-corpus.json" },
    port: { type: "string", default: "0" },
    token: { type: "string", multiple: true },
    "rate-limit": { type: "string" },
    "fault-rate": { type: "string", default: "0" },
    "fault-seed": { type: "string", default: "1" },
  },
});

const corpus = JSON.parse(readFileSync(values.corpus, "utf8")) as Corpus;
const faultRate = Number(values["fault-rate"]);
const emulator = await startGitHubEmulator({
  corpus,
  port: Number(values.port),
  tokens: values.token,
  rateLimit: values["rate-limit"] === undefined ? undefined : Number(values["rate-limit"]),
  faults: faultRate > 0 ? { rate: faultRate, seed: Number(values["fault-seed"]) } : undefined,
  git: SELDON_DOCS_SEED,
});
console.log(`listening ${emulator.url}`);

const stop = () => {
  void emulator.close().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
