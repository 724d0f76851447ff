export type BenchResult = { suite: string; name: string; value: number; unit: string; note?: string };
