import { TemplateMiner } from "./miner";
import { normalizeMessage } from "./normalize";

export const DEFAULT_WINDOW = 20_000;

/**
 * The `kb cluster` engine: lines are buffered in bounded windows so each window is mined as a
 * batch (frequency evidence needs more than one line) while memory stays flat in the input size.
 * An empty message gets an empty key.
 */
export class LineClusterer {
  private readonly miner = new TemplateMiner();
  private buffer: string[] = [];

  constructor(private readonly window = DEFAULT_WINDOW) {}

  get templateCount(): number {
    return this.miner.size;
  }

  push(message: string): string[] {
    this.buffer.push(message);
    return this.buffer.length >= this.window ? this.flush() : [];
  }

  flush(): string[] {
    const batch = this.buffer;
    this.buffer = [];
    const normalized = batch.map((m) => (m.trim() === "" ? "" : normalizeMessage(m).template));
    const keyed = normalized.filter((n) => n !== "");
    const mined = this.miner.mine(keyed);
    let k = 0;
    return normalized.map((n) => (n === "" ? "" : (mined[k++]?.id ?? "")));
  }
}
