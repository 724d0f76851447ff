import Bottleneck from "bottleneck";
import { Octokit } from "octokit";

export interface GitHubClientOptions {
  baseUrl: string;
  token?: string;
  /** What to do when the primary rate limit runs out: wait for the reset (up to maxWaitSeconds) or stop. */
  onRateLimitExhausted: "wait" | "stop";
  maxWaitSeconds?: number;
  /** Milliseconds per second of `retry-after`; tests shrink it. */
  retryAfterBaseValue?: number;
  fetch?: typeof fetch;
  log?: (message: string) => void;
  /**
   * Milliseconds between writes. Default: the throttling plugin's own (1 s between writes, 3 s
   * between writes that notify people, as GitHub asks of integrations); tests shrink it.
   */
  writeSpacingMs?: number;
}

/** What the wire saw: every HTTP attempt (retries included) and the last rate-limit headers. */
export interface RequestMeter {
  requests: number;
  notModified: number;
  rateLimitRemaining: number | null;
  rateLimitReset: number | null; // epoch seconds
}

type LimitedRequest = { method: string; url: string };

export interface GitHubClient {
  octokit: Octokit;
  meter: RequestMeter;
}

/**
 * Octokit 5 hands on a response whose body was cut mid-stream as an empty page, silently losing it
 * (STACK.md pitfall 15). Reading the whole body here turns a short read into a thrown error, which
 * octokit wraps as a retryable RequestError.
 */
function meteredFetch(inner: typeof fetch, meter: RequestMeter): typeof fetch {
  return async (input, init) => {
    meter.requests += 1;
    const response = await inner(input, init);
    if (response.status === 304) meter.notModified += 1;
    const remaining = response.headers.get("x-ratelimit-remaining");
    const reset = response.headers.get("x-ratelimit-reset");
    if (remaining !== null) meter.rateLimitRemaining = Number(remaining);
    if (reset !== null) meter.rateLimitReset = Number(reset);
    const noBody = response.status === 204 || response.status === 304;
    const body = noBody ? null : await response.arrayBuffer();
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** Own limiter groups only when the spacing is changed; otherwise the plugin's shared ones apply. */
function writeLimiters(spacingMs: number | undefined) {
  if (spacingMs === undefined) return {};
  return {
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: spacingMs }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: spacingMs }),
  };
}

/** The one octokit factory: retries on 5xx and cut bodies, throttling on primary and secondary limits. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const meter: RequestMeter = { requests: 0, notModified: 0, rateLimitRemaining: null, rateLimitReset: null };
  const log = options.log ?? (() => {});
  const base = options.retryAfterBaseValue ?? 1000;
  const maxWait = options.maxWaitSeconds ?? 3600;
  const octokit = new Octokit({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    auth: options.token || undefined,
    userAgent: "seldon-kb",
    request: { fetch: meteredFetch(options.fetch ?? globalThis.fetch, meter) },
    // Six retries: at a 20% fault rate four failures in a row would still hit 1 request in 600.
    retry: { retryAfterBaseValue: base, retries: 6 },
    throttle: {
      ...writeLimiters(options.writeSpacingMs),
      retryAfterBaseValue: base,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: (retryAfter: number, request: LimitedRequest, _octokit: unknown, retryCount: number) => {
        // A second try covers a reset that lands a moment after the advertised second.
        if (options.onRateLimitExhausted === "stop" || retryCount > 1 || retryAfter > maxWait) return false;
        log(`rate limit exhausted on ${request.method} ${request.url}; waiting ${retryAfter}s for the reset`);
        return true;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        request: LimitedRequest,
        _octokit: unknown,
        retryCount: number,
      ) => {
        if (retryCount >= 5) return false;
        log(`secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
        return true;
      },
    },
  });
  return { octokit, meter };
}
