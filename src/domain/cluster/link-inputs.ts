import type { IssueEvidence } from "../evidence/issue-evidence";
import { hash64 } from "../signature/hash";
import { tailPrefixes } from "./feature-stats";

/** One spelling of a feature, as `link_feature_variants` keeps it. */
export interface FeatureVariant {
  id: string;
  featureId: string;
  template: string;
  spec: number;
  general: boolean;
}

/** An issue's own posting on a feature: its lines merged the way `collectFeatures` merges them. */
export interface DirectPosting {
  featureId: string;
  quality: number;
  lead: boolean;
  whole: boolean;
  variant: string;
}

/** What linking reads of one issue, in the rows the link postings are stored as. */
export interface IssueLinkInputs {
  postings: DirectPosting[];
  variants: FeatureVariant[];
  /** What its tail lines may be the start of (see `tailPrefixes`). */
  tails: string[];
}

export function variantId(featureId: string, template: string, general: boolean): string {
  return hash64(`${featureId}|${general ? 1 : 0}|${template}`);
}

/**
 * The link postings of one issue's evidence: best quality per feature, lead and whole if any line
 * says so, and the spelling that sorts first (see `variantBefore`). Nothing for an issue that is
 * not clusterable, as `collectFeatures` skips it.
 */
export function issueLinkInputs(ev: IssueEvidence): IssueLinkInputs {
  const postings = new Map<string, DirectPosting & { template: string; general: boolean }>();
  const variants = new Map<string, FeatureVariant>();
  const tails = new Set<string>();
  if (!ev.clusterable) return { postings: [], variants: [], tails: [] };
  for (const line of ev.lines) {
    if (line.tail) for (const p of tailPrefixes(line)) tails.add(p.text);
    for (const f of line.features) {
      const variant = variantId(f.id, f.template, f.general);
      variants.set(variant, {
        id: variant,
        featureId: f.id,
        template: f.template,
        spec: f.spec,
        general: f.general,
      });
      const prev = postings.get(f.id);
      if (!prev) {
        postings.set(f.id, {
          featureId: f.id,
          quality: line.quality,
          lead: line.lead,
          whole: f.whole,
          variant,
          template: f.template,
          general: f.general,
        });
        continue;
      }
      prev.quality = Math.max(prev.quality, line.quality);
      prev.lead ||= line.lead;
      prev.whole ||= f.whole;
      if (f.general !== prev.general ? !f.general : f.template < prev.template)
        Object.assign(prev, { variant, template: f.template, general: f.general });
    }
  }
  return {
    postings: [...postings.values()].map(({ template: _t, general: _g, ...p }) => p),
    variants: [...variants.values()],
    tails: [...tails],
  };
}
