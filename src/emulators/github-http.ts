// HTTP details of GitHub's REST API shared by the emulator: auth header parsing, ETag matching,
// Link pagination headers and the secondary rate limit message.

export const SECONDARY =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.";
export const SECONDARY_DOCS =
  "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

export function parseToken(header: string | undefined): string | null {
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header?.trim() ?? "");
  return m?.[1] ?? null;
}

/** Weak comparison, as GitHub applies to If-None-Match. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || strip(t) === strip(etag));
}

export function linkHeader(base: string, req: URL, page: number, last: number): string | undefined {
  const at = (p: number) => {
    const q = new URLSearchParams(req.search);
    q.delete("page");
    q.set("page", String(p));
    return `<${base}${req.pathname}?${q.toString()}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) rels.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) rels.push(`${at(1)}; rel="first"`);
  return rels.length > 0 ? rels.join(", ") : undefined;
}
