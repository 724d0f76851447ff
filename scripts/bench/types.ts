export type BenchResult = { suite: string; name: string; value: number; unit: string; note?: string };

/** Flags some suites read: `--sizes 2000,10k` (workers), `--cluster-sizes 10k,100k` (corpus-clustering). */
export type BenchArgs = { sizes?: string; "cluster-sizes"?: string; "workers-seed-db"?: string };
