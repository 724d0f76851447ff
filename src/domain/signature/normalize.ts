import { parseLine } from "./extract/parse-line";
import { applyMasks } from "./masks";
import type { Normalized } from "./types";

// Accepts a bare message or a whole raw log line: the log header is stripped first so the same
// error logged by zap, logrus or Python normalizes to one template.
export function normalizeMessage(message: string): Normalized {
  const parsed = parseLine(message);
  const { template, masks } = applyMasks(parsed.message);
  return { template: template.replace(/\s+/g, " ").trim(), masks };
}
