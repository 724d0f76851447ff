/**
 * A token bucket: `capacity` requests at once, refilled at `perMinute` a minute. Pure: the bucket
 * and the time come in, the new bucket and the verdict go out.
 */
export interface BucketRule {
  capacity: number;
  perMinute: number;
}

export interface Bucket {
  tokens: number;
  atMs: number;
}

export interface Verdict {
  bucket: Bucket;
  allowed: boolean;
  /** Whole seconds until one request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

export function takeToken(bucket: Bucket | undefined, rule: BucketRule, nowMs: number): Verdict {
  const perMs = rule.perMinute / 60_000;
  const elapsed = bucket ? Math.max(0, nowMs - bucket.atMs) : 0;
  const tokens = bucket ? Math.min(rule.capacity, bucket.tokens + elapsed * perMs) : rule.capacity;
  if (tokens >= 1) {
    const left = tokens - 1;
    return {
      bucket: { tokens: left, atMs: nowMs },
      allowed: true,
      retryAfterSeconds: 0,
      remaining: Math.floor(left),
    };
  }
  const waitMs = (1 - tokens) / perMs;
  return {
    bucket: { tokens, atMs: nowMs },
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    remaining: 0,
  };
}
