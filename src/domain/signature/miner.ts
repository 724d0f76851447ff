import { signatureId } from "./hash";
import { partition, type Row } from "./partition";
import { tokenize } from "./tokens";
import { WILDCARD } from "./types";

export interface MinedTemplate {
  id: string;
  template: string;
  tokens: string[];
}

const CACHE_LIMIT = 50_000;

function matches(tpl: MinedTemplate, tokens: string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tpl.tokens[i];
    if (t !== WILDCARD && t !== tokens[i]) return false;
  }
  return true;
}

function constants(tpl: MinedTemplate): number {
  return tpl.tokens.filter((t) => t !== WILDCARD).length;
}

/**
 * Mines templates batch by batch. Templates found in earlier batches are kept and matched first,
 * so a key never changes once printed; state grows with templates, not with lines.
 */
export class TemplateMiner {
  private readonly byLength = new Map<number, MinedTemplate[]>();
  private readonly byId = new Map<string, MinedTemplate>();
  private cache = new Map<string, MinedTemplate>();

  get size(): number {
    return this.byId.size;
  }

  templates(): MinedTemplate[] {
    return [...this.byId.values()];
  }

  match(normalized: string): MinedTemplate | undefined {
    const hit = this.cache.get(normalized);
    if (hit) return hit;
    const tokens = tokenize(normalized);
    let best: MinedTemplate | undefined;
    for (const tpl of this.byLength.get(tokens.length) ?? []) {
      if (matches(tpl, tokens) && (!best || constants(tpl) > constants(best))) best = tpl;
    }
    if (best) this.remember(normalized, best);
    return best;
  }

  mine(normalized: readonly string[]): MinedTemplate[] {
    const out: (MinedTemplate | undefined)[] = normalized.map((n) => this.match(n));
    const pending = new Map<string, number>();
    out.forEach((t, i) => {
      const n = normalized[i] ?? "";
      if (!t) pending.set(n, (pending.get(n) ?? 0) + 1);
    });
    const mined = pending.size > 0 ? this.minePending(pending) : new Map<string, MinedTemplate>();
    return out.map((t, i) => t ?? mined.get(normalized[i] ?? "") ?? this.add(tokenize(normalized[i] ?? "")));
  }

  private minePending(pending: Map<string, number>): Map<string, MinedTemplate> {
    const assigned = new Map<string, MinedTemplate>();
    const byWidth = new Map<number, Row[]>();
    for (const line of [...pending.keys()].sort()) {
      const tokens = tokenize(line);
      const rows = byWidth.get(tokens.length) ?? [];
      rows.push({ tokens, weight: pending.get(line) ?? 1 });
      byWidth.set(tokens.length, rows);
    }
    for (const width of [...byWidth.keys()].sort((a, b) => a - b)) {
      for (const leaf of partition(byWidth.get(width) ?? [], width)) {
        const tpl = this.add(leaf.tokens);
        for (const row of leaf.rows) {
          const line = row.tokens.join(" ");
          assigned.set(line, tpl);
          this.remember(line, tpl);
        }
      }
    }
    return assigned;
  }

  private add(tokens: string[]): MinedTemplate {
    const template = tokens.join(" ");
    const id = signatureId(template);
    const known = this.byId.get(id);
    if (known) return known;
    const tpl = { id, template, tokens };
    this.byId.set(id, tpl);
    const list = this.byLength.get(tokens.length) ?? [];
    list.push(tpl);
    this.byLength.set(tokens.length, list);
    return tpl;
  }

  // Bounded so memory stays flat when every input line is distinct.
  private remember(normalized: string, tpl: MinedTemplate): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache = new Map();
    this.cache.set(normalized, tpl);
  }
}
