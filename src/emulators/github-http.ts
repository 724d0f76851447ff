// HTTP details of GitHub's REST API shared by the emulator: auth header parsing, ETag matching,
// Link pagination headers, rate-limit headers, JSON answers, rendered pages and the secondary rate
// limit message.
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Bucket } from "./github-limits";
import type { RouteResult } from "./github-routes";
import type { GitHubStore } from "./github-store";
import { GITHUB_API } from "./github-types";

type Headers = Record<string, string>;
// Rendered pages are dropped past this many bytes, as after any change to the data.
const RENDERED_BYTES = 64e6;

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

export const rateHeaders = (b: Bucket): Headers => ({
  "x-ratelimit-limit": String(b.limit),
  "x-ratelimit-remaining": String(b.remaining),
  "x-ratelimit-used": String(b.limit - b.remaining),
  "x-ratelimit-reset": String(b.reset),
  "x-ratelimit-resource": "core",
});

export function sendText(
  res: ServerResponse,
  status: number,
  headers: Headers,
  text: string,
  head = false,
): void {
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(head ? undefined : text);
}

export function sendJson(res: ServerResponse, status: number, headers: Headers, body: unknown): void {
  sendText(res, status, headers, JSON.stringify(body));
}

/** Answers for the current data version by URL: re-syncs and retries re-ask the same pages. */
export class RenderedPages {
  private readonly pages = new Map<string, { text: string; etag: string }>();
  private version: number;
  private bytes = 0;

  constructor(private readonly store: GitHubStore) {
    this.version = store.version;
  }

  get(url: URL, result: RouteResult, base: string) {
    if (this.version !== this.store.version || this.bytes > RENDERED_BYTES) {
      this.pages.clear();
      this.version = this.store.version;
      this.bytes = 0;
    }
    const key = `${result.status} ${url.pathname.toLowerCase()}${url.search}`;
    let hit = this.pages.get(key);
    if (!hit) {
      // Bodies reference this server, as GitHub Enterprise bodies reference their own host.
      const text = JSON.stringify(result.body).replaceAll(GITHUB_API, base);
      hit = { text, etag: `${result.list ? "W/" : ""}"${createHash("sha256").update(text).digest("hex")}"` };
      this.pages.set(key, hit);
      this.bytes += text.length;
    }
    return hit;
  }
}
