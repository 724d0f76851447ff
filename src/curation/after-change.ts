import { refreshSearchIndex } from "../search/index.js";
import type { CurationDeps } from "./deps.js";
import { rebuildQueue } from "./queue.js";

/** After a curator changes an entry or a cluster's curation: the queue and search see it at once. */
export async function afterCuration(deps: CurationDeps): Promise<void> {
  await rebuildQueue(deps);
  if (deps.search) await deps.search.refresh();
  else await refreshSearchIndex(deps);
}
