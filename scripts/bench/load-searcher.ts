// The load benchmark's searcher: a process of its own, as a user's client is, so the latencies it
// reports are the server's answers and the loopback, not the event loop of the process that signs
// and sends the webhook traffic (which ran in the same loop before and stretched its tail).
// `node --import tsx scripts/bench/load-searcher.ts URL SECONDS RATE` with the queries as a JSON
// array on stdin; prints `ready` as it starts, then one JSON line: latencies of the answered
// searches (ms) and the errors.
import { drain, paced } from "./load-pace.js";
import { REQUEST_TIMEOUT_MS, search } from "./load-search.js";

const MAX_IN_FLIGHT = 256;

async function main() {
  const [url = "", secondsText = "", rateText = ""] = process.argv.slice(2);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const queries = JSON.parse(Buffer.concat(chunks).toString("utf8")) as string[];
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  // The parent starts the webhook traffic on this line, so both phases run over the same seconds.
  process.stdout.write("ready\n");
  const run = await paced(Number(secondsText), Number(rateText), MAX_IN_FLIGHT, async () => {
    const r = await search(url, queries[n++ % queries.length] ?? "error");
    if (r.ok) latencies.push(Math.round(r.ms * 100) / 100);
    else errors += 1;
  });
  const unanswered = await drain(run.inFlight, REQUEST_TIMEOUT_MS);
  process.stdout.write(
    `${JSON.stringify({ latencies, errors, unanswered, started: run.started, skipped: run.skipped })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
