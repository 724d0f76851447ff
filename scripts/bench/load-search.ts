// One search as the load bench's clients send it (load.ts's visibility probes, load-searcher.ts).
export const REQUEST_TIMEOUT_MS = 30_000;

export async function search(url: string, q: string): Promise<{ ok: boolean; ms: number; titles: string[] }> {
  const started = performance.now();
  try {
    const res = await fetch(`${url}/api/search`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ q, limit: 10 }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await res.json()) as { results?: { title: string }[] };
    return { ok: res.ok, ms: performance.now() - started, titles: (body.results ?? []).map((r) => r.title) };
  } catch {
    return { ok: false, ms: performance.now() - started, titles: [] };
  }
}
