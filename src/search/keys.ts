import { type LineFeature, lineFeatures } from "../domain/evidence/features.js";
import { hash64 } from "../domain/signature/hash.js";
import { WILDCARD } from "../domain/signature/types.js";

// What the per-query lookups find documents and templates by, as FTS5 tokens (letters, digits and
// `_` only): the 64-bit hash of a signature or feature id, or of a template's word and position.
const hashOf = (id: string) => (id.startsWith("sig_") ? id.slice(4) : hash64(id));

/** Issues carrying this error-chain feature. */
export const featureKey = (featureId: string) => `f_${hashOf(featureId)}`;
/** Issues one of whose lines is this feature whole. */
export const wholeKey = (featureId: string) => `w_${hashOf(featureId)}`;
/** Issues carrying this signature. */
export const signatureKey = (signatureId: string) => `s_${hashOf(signatureId)}`;
/** Templates holding this constant token. */
export const tokenKey = (token: string) => `t_${hash64(token)}`;
/** Templates of this length holding this constant token at this position. */
export const positionKey = (length: number, position: number, token: string) =>
  `p_${hash64(`${length}:${position}:${token}`)}`;

/** One issue's features, each once (shown whole if any of its lines shows it whole). */
export function issueFeatures(
  templates: readonly string[],
  featuresOf: (template: string) => LineFeature[] = lineFeatures,
): Map<string, LineFeature> {
  const seen = new Map<string, LineFeature>();
  for (const t of templates) {
    for (const f of featuresOf(t)) {
      const prev = seen.get(f.id);
      if (!prev || (f.whole && !prev.whole)) seen.set(f.id, f);
    }
  }
  return seen;
}

/**
 * The keys a clustered issue is found by: its features (and which it shows whole) and its
 * signatures. An issue in no cluster is found by full text only.
 */
export function documentKeys(
  clusterId: string | null,
  samples: readonly { signatureId: string; template: string }[],
  featuresOf: (template: string) => LineFeature[] = lineFeatures,
): { keys: string; features: LineFeature[] } {
  if (clusterId === null) return { keys: "", features: [] };
  const features = [
    ...issueFeatures(
      samples.map((s) => s.template),
      featuresOf,
    ).values(),
  ];
  const keys = new Set<string>();
  for (const f of features) {
    keys.add(featureKey(f.id));
    if (f.whole) keys.add(wholeKey(f.id));
  }
  for (const s of samples) keys.add(signatureKey(s.signatureId));
  return { keys: [...keys].join(" "), features };
}

export function templateTokens(template: string): string[] {
  return template.split(" ").filter(Boolean);
}

/** A known template as `search_templates` holds it. */
export function templateRow(signatureId: string, template: string) {
  const tokens = templateTokens(template);
  const constants = new Set(tokens.filter((t) => t !== WILDCARD));
  const keys = new Set([...constants].map(tokenKey));
  let constantPositions = 0;
  tokens.forEach((t, i) => {
    if (t === WILDCARD) return;
    constantPositions += 1;
    keys.add(positionKey(tokens.length, i, t));
  });
  return {
    signatureId,
    template,
    length: tokens.length,
    constants: constants.size,
    constantPositions,
    keys: [...keys].join(" "),
  };
}

/**
 * `lineFeatures` remembering each template's features: the members of a family share their
 * templates, and a cluster move rewrites thousands of their documents in one slice.
 */
export function featuresMemo(seen = new Map<string, LineFeature[]>()): (template: string) => LineFeature[] {
  return (template) => {
    let features = seen.get(template);
    if (!features) {
      features = lineFeatures(template);
      seen.set(template, features);
    }
    return features;
  };
}
