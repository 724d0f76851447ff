import { describe, expect, it } from "vitest";
import { type Bucket, takeToken } from "../../src/domain/token-bucket.js";

const rule = { capacity: 3, perMinute: 6 }; // a token every 10 s

function takeMany(n: number, atMs: number, start?: Bucket) {
  let bucket = start;
  const verdicts = [];
  for (let i = 0; i < n; i++) {
    const v = takeToken(bucket, rule, atMs);
    bucket = v.bucket;
    verdicts.push(v);
  }
  return { bucket, verdicts };
}

describe("takeToken", () => {
  it("allows a burst of `capacity` requests, then refuses with the wait until the next token", () => {
    const { verdicts } = takeMany(4, 0);
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    expect(verdicts.map((v) => v.remaining)).toEqual([2, 1, 0, 0]);
    expect(verdicts[3]?.retryAfterSeconds).toBe(10);
  });

  it("refills at the configured rate and never above capacity", () => {
    const { bucket } = takeMany(3, 0);
    expect(takeToken(bucket, rule, 9_000).allowed).toBe(false);
    expect(takeToken(bucket, rule, 9_000).retryAfterSeconds).toBe(1);
    expect(takeToken(bucket, rule, 10_000).allowed).toBe(true);
    const rested = takeMany(5, 3_600_000, bucket).verdicts.map((v) => v.allowed);
    expect(rested).toEqual([true, true, true, false, false]);
  });

  it("treats a clock that went backwards as no time passed", () => {
    const { bucket } = takeMany(3, 50_000);
    expect(takeToken(bucket, rule, 0).allowed).toBe(false);
  });
});
