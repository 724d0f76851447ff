// The demo's curator side, through the real domain functions: a few published entries written from
// the top of the queue, searches that found nothing (demand), and a new report that makes one
// published entry stale on the next ingest.
import { promoteCluster, publishEntry, updateEntry } from "../src/curation/entries.js";
import { listQueue } from "../src/curation/queue-page.js";
import type { Database } from "../src/db/client.js";
import { listIssuesOfClusters } from "../src/db/queries/curation.js";
import type { EntryRow } from "../src/db/schema.js";
import type { Clock } from "../src/domain/clock.js";
import type { GitHubEmulator } from "../src/emulators/github-emulator.js";
import { createSearchService } from "../src/search/index.js";

const CURATOR = "demo curator";
const UNANSWERED = [
  "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 14.76 GiB total capacity)",
  "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 512.00 MiB (GPU 0; 22.20 GiB total capacity)",
  "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB (GPU 1; 39.59 GiB total capacity)",
  "onnxruntime.capi.onnxruntime_pybind11_state.InvalidGraph: [ONNXRuntimeError] : 10 : INVALID_GRAPH : Load model from /mnt/models/model.onnx failed: opset 21 is not supported",
  "onnxruntime.capi.onnxruntime_pybind11_state.InvalidGraph: [ONNXRuntimeError] : 10 : INVALID_GRAPH : Load model from /mnt/models/resnet.onnx failed: opset 21 is not supported",
];

/** Writes an entry from its best candidate fix: the first sentence says why, the rest how. */
async function writeFromEvidence(
  deps: { database: Database; clock: Clock },
  draft: EntryRow,
): Promise<EntryRow | null> {
  const fix = draft.candidateFixes[0];
  if (!fix) return null;
  const [how = fix.text] = fix.text.split("\n\n");
  const firstSentence = how.split(/(?<=\.)\s/)[0] ?? how;
  await updateEntry(deps, {
    id: draft.id,
    expectedVersion: draft.version,
    patch: {
      cause: `${firstSentence}\n\n(From the maintainers' answers in the source threads.)`,
      resolution: `${how}\n\nSource: [${fix.author}'s comment](${fix.url}).`,
    },
    actor: CURATOR,
  });
  return publishEntry(deps, { id: draft.id, actor: CURATOR });
}

export async function seedCuration(
  deps: { database: Database; clock: Clock },
  emulator: GitHubEmulator,
  entries = 3,
): Promise<{ published: EntryRow[] }> {
  const published: EntryRow[] = [];
  for (const item of (await listQueue(deps, { limit: 10, state: "new" })).items) {
    if (published.length === entries || !item.clusterId) break;
    const draft = await promoteCluster(deps, { clusterId: item.clusterId, actor: CURATOR });
    const entry = await writeFromEvidence(deps, draft);
    if (entry) published.push(entry);
  }
  const search = createSearchService(deps);
  for (const text of UNANSWERED) await search.search({ text, limit: 5 });
  // A new report of the first entry's problem arrives on GitHub: the next ingest flags the entry.
  const first = published[0];
  const member = first?.clusterId
    ? (await listIssuesOfClusters(deps.database.db, [first.clusterId]))[0]
    : undefined;
  if (member) {
    emulator.mutate.addIssue(member.repo, {
      title: `${member.title} (again after upgrading)`,
      body: `${member.body}\n\nStill seeing this after the upgrade.`,
    });
  }
  return { published };
}
