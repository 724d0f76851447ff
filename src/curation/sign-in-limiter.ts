// Failed sign-ins per client, so a token cannot be guessed at speed. A tiny interface on purpose:
// the general rate limiter for public routes can stand in for this one.

export interface SignInLimiter {
  /** Seconds to wait before `client` may try again; 0 when it may try now. */
  retryAfter(client: string, now: Date): number;
  recordFailure(client: string, now: Date): void;
  recordSuccess(client: string): void;
}

/**
 * A fixed window per client in memory: `maxFailures` failed sign-ins per `windowSeconds`. Per
 * process (per isolate on Workers), which is enough to turn guessing a 256-bit token from hopeless
 * into more hopeless; the shared rate limiter can replace it.
 */
export function memorySignInLimiter(
  options: { maxFailures?: number; windowSeconds?: number } = {},
): SignInLimiter {
  const max = options.maxFailures ?? 5;
  const windowMs = (options.windowSeconds ?? 15 * 60) * 1000;
  const failures = new Map<string, { count: number; since: number }>();
  const MAX_CLIENTS = 10_000;
  return {
    retryAfter(client, now) {
      const f = failures.get(client);
      if (!f) return 0;
      const left = f.since + windowMs - now.getTime();
      if (left <= 0) {
        failures.delete(client);
        return 0;
      }
      return f.count >= max ? Math.ceil(left / 1000) : 0;
    },
    recordFailure(client, now) {
      const f = failures.get(client);
      if (f && now.getTime() - f.since < windowMs) f.count += 1;
      else {
        if (failures.size >= MAX_CLIENTS) failures.delete(failures.keys().next().value as string);
        failures.set(client, { count: 1, since: now.getTime() });
      }
    },
    recordSuccess(client) {
      failures.delete(client);
    },
  };
}
