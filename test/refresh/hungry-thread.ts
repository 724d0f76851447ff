// A refresh worker whose `link` step, the first time it runs for a database, holds 300 MB of heap
// before linking: under a heap cap below that (KB_REFRESH_HEAP_MB) the thread dies of it; without
// one it links as usual.
import { serveWithFirstLink } from "./link-once.js";

serveWithFirstLink("hungry", (link, ctx, cursor) => {
  const held: number[][] = [];
  for (let mb = 0; mb < 300; mb++) held.push(Array.from({ length: 131_072 }, (_, i) => i + mb));
  if (held.length < 300) throw new Error("unreachable");
  return link.run(ctx, cursor);
});
