import type { IssueEvidence } from "../evidence/issue-evidence";
import { signatureId } from "../signature/hash";
import type { SignatureInfo } from "./types";

const MAX_SECONDARY = 7;

/**
 * The lines an issue is stored with: its best line as primary, the next ones as secondary. A
 * signature is a whole normalized line (id = hash of its template); the features that tie issues
 * together are derived from these templates.
 */
export function issueSignatures(ev: IssueEvidence): {
  primary: SignatureInfo | null;
  secondary: SignatureInfo[];
} {
  const sigs: SignatureInfo[] = [];
  const seen = new Set<string>();
  for (const line of ev.lines) {
    if (line.features.length === 0) continue;
    const id = signatureId(line.template);
    if (seen.has(id)) continue;
    seen.add(id);
    sigs.push({
      id,
      template: line.template,
      sample: line.raw,
      masks: line.masks,
      baseId: id,
      message: line.message,
      quality: line.quality,
      lead: line.lead,
    });
  }
  return { primary: sigs[0] ?? null, secondary: sigs.slice(1, 1 + MAX_SECONDARY) };
}
