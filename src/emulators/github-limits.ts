// Primary rate limit buckets and seeded fault injection for the GitHub emulator.

export interface Bucket {
  limit: number;
  remaining: number;
  /** Epoch seconds when the window restarts. */
  reset: number;
}

export class RateLimits {
  private readonly buckets = new Map<string, Bucket>();
  private exhaustedUntil = 0;

  constructor(
    private readonly limitFor: (authed: boolean) => number,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  /** The caller's bucket, refilled when its window has passed. Key: token, or "anonymous". */
  bucket(key: string, authed: boolean): Bucket {
    const now = this.nowSeconds();
    let b = this.buckets.get(key);
    if (!b) {
      const exhausted = now < this.exhaustedUntil;
      b = {
        limit: this.limitFor(authed),
        remaining: exhausted ? 0 : this.limitFor(authed),
        reset: exhausted ? this.exhaustedUntil : Math.ceil(now + 3600),
      };
      this.buckets.set(key, b);
    } else if (now >= b.reset) {
      b.remaining = b.limit;
      b.reset = Math.ceil(now + 3600);
    }
    return b;
  }

  spend(b: Bucket): void {
    b.remaining = Math.max(0, b.remaining - 1);
  }

  exhaust(resetInSeconds: number): void {
    const now = this.nowSeconds();
    // Whole seconds, as x-ratelimit-reset is; never earlier than asked.
    this.exhaustedUntil = Math.ceil(now + resetInSeconds);
    for (const b of this.buckets.values()) {
      b.remaining = 0;
      b.reset = this.exhaustedUntil;
    }
  }
}

export type FaultKind = "502" | "503" | "secondary403" | "429" | "cut";
export const FAULT_KINDS: readonly FaultKind[] = ["502", "503", "secondary403", "429", "cut"];

export interface FaultOptions {
  rate: number;
  seed: number;
  kinds?: FaultKind[];
  /** retry-after for secondary limits and 429; short so tests do not wait. Default 1. */
  retryAfterSeconds?: number;
}

/** Same seed and same request sequence give the same faults (mulberry32). */
export class FaultInjector {
  private state: number;
  private readonly kinds: readonly FaultKind[];

  constructor(private readonly opts: FaultOptions) {
    this.state = opts.seed >>> 0;
    this.kinds = opts.kinds && opts.kinds.length > 0 ? opts.kinds : FAULT_KINDS;
  }

  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  draw(): FaultKind | null {
    if (this.opts.rate <= 0) return null;
    if (this.next() >= this.opts.rate) return null;
    return this.kinds[Math.floor(this.next() * this.kinds.length)] ?? null;
  }

  get retryAfter(): number {
    return this.opts.retryAfterSeconds ?? 1;
  }
}
