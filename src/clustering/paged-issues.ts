// What the paged full link (paged-link.ts) keeps of every issue between its passes: flat arrays in
// key order, shared strings, and the stored assignment it compares with (ties as a digest).
import { hash64 } from "../domain/signature/hash.js";

type Primary = { id: string; template: string };

/** The ties JSON as stored with an issue, digested to a number (compared, never shown). */
export const digest = (json: string) => Number.parseInt(hash64(json).slice(0, 13), 16);

/** Every issue as pass 1 reads it, in flat arrays (id order until `inKeyOrder`). */
export class Issues {
  ids: number[] = [];
  keys: string[] = [];
  clusterable: boolean[] = [];
  primary: (Primary | null)[] = [];
  secondary: (string[] | null)[] = [];
  storedCluster: (string | null)[] = [];
  storedPrimary: (string | null)[] = [];
  storedTies: number[] = [];
  dirty: boolean[] = [];
  private readonly strings = new Map<string, string>();
  private readonly primaries = new Map<string, Primary>();

  /** One copy of each repeated string (cluster and signature ids, repos) instead of one per row. */
  intern(s: string): string;
  intern(s: string | null): string | null;
  intern(s: string | null): string | null {
    if (s === null) return null;
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  primaryOf(p: Primary | null): Primary | null {
    if (!p) return null;
    const known = this.primaries.get(p.id);
    if (known) return known;
    const kept = { id: p.id, template: p.template };
    this.primaries.set(p.id, kept);
    return kept;
  }

  /**
   * Reorders every array by issue key (linking indexes issues in key order, as `clusterEvidence`
   * does: ties break by it) and returns the issue id → index lookup the sweep needs.
   */
  inKeyOrder(): (issueId: number) => number | undefined {
    const order = this.keys
      .map((_, i) => i)
      .sort((a, b) => (this.keys[a] ?? "").localeCompare(this.keys[b] ?? ""));
    const permute = <T>(list: T[]) => order.map((i) => list[i] as T);
    const byId = Float64Array.from(this.ids);
    const rankById = new Int32Array(order.length);
    order.forEach((i, rank) => {
      rankById[i] = rank;
    });
    this.ids = permute(this.ids);
    this.keys = permute(this.keys);
    this.clusterable = permute(this.clusterable);
    this.primary = permute(this.primary);
    this.secondary = permute(this.secondary);
    this.storedCluster = permute(this.storedCluster);
    this.storedPrimary = permute(this.storedPrimary);
    this.storedTies = permute(this.storedTies);
    this.dirty = permute(this.dirty);
    this.strings.clear();
    this.primaries.clear();
    // Pass 1 read issues in id order: a binary search finds an id's position, then its rank.
    return (issueId) => {
      let lo = 0;
      let hi = byId.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = byId[mid] ?? 0;
        if (v === issueId) return rankById[mid];
        if (v < issueId) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    };
  }
}
