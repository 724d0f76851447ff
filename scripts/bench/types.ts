export type BenchResult = { suite: string; name: string; value: number; unit: string; note?: string };

/** Flags some suites read: `--sizes 2000,10k` (workers). */
export type BenchArgs = { sizes?: string };
