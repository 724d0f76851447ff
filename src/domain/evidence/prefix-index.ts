/** Templates in sorted order, to find every one that starts with a given prefix. */
export class PrefixIndex {
  private readonly sorted: string[];
  constructor(templates: Iterable<string>) {
    this.sorted = [...new Set(templates)].sort();
  }
  startingWith(prefix: string, limit: number): string[] {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sorted[mid] ?? "") < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.sorted.length && out.length <= limit; i++) {
      const t = this.sorted[i] ?? "";
      if (!t.startsWith(prefix)) break;
      if (t !== prefix) out.push(t);
    }
    return out;
  }
}
