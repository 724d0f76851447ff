import { listBodiesOfClusters, listQueuePage, type QueueFilter } from "../db/queries/queue.js";
import type { QueueItemRow } from "../db/schema.js";
import { formatVersion, sortVersions, versionsIn } from "../domain/entry/index.js";
import type { CurationDeps } from "./deps.js";

export interface QueueItem extends QueueItemRow {
  /** Versions the item's issues name, newest last (read for the page's items only). */
  versions: string[];
}

export const QUEUE_STATES = ["new", "draft", "needs-review", "demand", "ignored", "snoozed"] as const;

const MAX_VERSIONS = 6;

async function versionsOf(deps: CurationDeps, clusterIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < clusterIds.length; i += 90) {
    for (const row of await listBodiesOfClusters(deps.database.db, clusterIds.slice(i, i + 90))) {
      const id = row.clusterId ?? "";
      out.set(id, [...(out.get(id) ?? []), ...versionsIn(row.body).map(formatVersion)]);
    }
  }
  for (const [id, list] of out) {
    const unique = sortVersions(
      [...new Set(list)].map((v) => {
        const at = v.lastIndexOf(" ");
        return { product: v.slice(0, at) as never, version: v.slice(at + 1) };
      }),
    ).map(formatVersion);
    out.set(id, unique.slice(-MAX_VERSIONS));
  }
  return out;
}

export async function listQueue(
  deps: CurationDeps,
  options: Omit<QueueFilter, "now"> & { limit: number; after?: { score: number; id: string } },
): Promise<{ items: QueueItem[]; next: { score: number; id: string } | null }> {
  const rows = await listQueuePage(deps.database.db, {
    ...options,
    limit: options.limit + 1,
    now: deps.clock.now().toISOString(),
  });
  const page = rows.slice(0, options.limit);
  const versions = await versionsOf(
    deps,
    page.map((r) => r.clusterId).filter((id): id is string => id !== null && id !== ""),
  );
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ ...r, versions: r.clusterId ? (versions.get(r.clusterId) ?? []) : [] })),
    next: rows.length > options.limit && last ? { score: last.score, id: last.id } : null,
  };
}
