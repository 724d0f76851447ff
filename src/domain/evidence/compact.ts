// Issue evidence in the form the refresh caches per issue (src/clustering/evidence-steps.ts):
// `issueEvidence` is pure, so its result is stored keyed by the issue's text hash and
// PIPELINE_VERSION, and only issues whose text or the pipeline changed are extracted again.
// Two parts: what linking reads (qualities, flags, features) and what only the stored signatures
// need (the raw line, the message, the masked values), so the link step never loads the second.
import type { IssueDoc } from "../cluster/types";
import { hash64 } from "../signature/hash";
import type { MaskedValue } from "../signature/types";
import type { LineFeature } from "./features";
import type { EvidenceLine, IssueEvidence } from "./issue-evidence";

/**
 * Bump whenever extraction, normalization or feature derivation changes what `issueEvidence`
 * returns for the same text: every cached evidence row of another version is extracted again.
 */
export const PIPELINE_VERSION = "2026-12-03.1";

/** Hash of everything `issueEvidence` reads: title, body, comments in order, the pull-request flag. */
export function issueTextHash(doc: Omit<IssueDoc, "key">): string {
  return hash64(JSON.stringify([doc.title, doc.body, doc.comments, doc.isPullRequest]));
}

// [id, template, spec, depth, general, whole]
type CompactFeature = [string, string, number, number, 0 | 1, 0 | 1];
// [template, quality, lead, tail, cutPrefixes, features]
type CompactLine = [string, number, 0 | 1, 0 | 1, string[], CompactFeature[]];
interface CompactLink {
  c: 0 | 1;
  l: CompactLine[];
}
// [raw, message, masks] per line, in the same order
type CompactDetail = [string, string, MaskedValue[]][];

export interface SerializedEvidence {
  clusterable: boolean;
  /** What linking needs, JSON. */
  link: string;
  /** Raw lines, messages, masks: only for the stored signatures, JSON. */
  detail: string;
}

const bit = (b: boolean): 0 | 1 => (b ? 1 : 0);

export function serializeEvidence(ev: IssueEvidence): SerializedEvidence {
  const link: CompactLink = {
    c: bit(ev.clusterable),
    l: ev.lines.map((line) => [
      line.template,
      line.quality,
      bit(line.lead),
      bit(line.tail),
      line.cutPrefixes,
      line.features.map((f) => [f.id, f.template, f.spec, f.depth, bit(f.general), bit(f.whole)]),
    ]),
  };
  const detail: CompactDetail = ev.lines.map((line) => [line.raw, line.message, line.masks]);
  return { clusterable: ev.clusterable, link: JSON.stringify(link), detail: JSON.stringify(detail) };
}

/**
 * Shares one copy of every string and feature across the issues restored through it: thousands
 * of issues of one problem carry the same features, and the link step holds all of them at once.
 */
export class EvidenceInterner {
  private readonly strings = new Map<string, string>();
  private readonly features = new Map<string, LineFeature[]>();
  string(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }
  feature(c: CompactFeature): LineFeature {
    const [id, template, spec, depth, general, whole] = c;
    const list = this.features.get(id);
    const same = list?.find(
      (f) =>
        f.template === template &&
        f.spec === spec &&
        f.depth === depth &&
        f.general === (general === 1) &&
        f.whole === (whole === 1),
    );
    if (same) return same;
    const f: LineFeature = {
      id: this.string(id),
      template: this.string(template),
      spec,
      depth,
      general: general === 1,
      whole: whole === 1,
    };
    if (list) list.push(f);
    else this.features.set(f.id, [f]);
    return f;
  }
}

const NONE = Object.freeze([]) as unknown as never[];

/**
 * Evidence from its link part alone: raw lines, messages and masks are empty. Enough for
 * `clusterEvidence` (linking, rules, ids, cluster names), not for the stored signature samples.
 */
export function restoreLinkEvidence(
  key: string,
  isPullRequest: boolean,
  link: string,
  interner: EvidenceInterner = new EvidenceInterner(),
): IssueEvidence {
  const parsed = JSON.parse(link) as CompactLink;
  const lines: EvidenceLine[] = parsed.l.map(([template, quality, lead, tail, cut, features]) => ({
    raw: "",
    message: "",
    template: interner.string(template),
    // Most lines have neither masks here nor cut prefixes: one shared empty list for all of them.
    masks: NONE,
    quality,
    lead: lead === 1,
    tail: tail === 1,
    cutPrefixes: cut.length === 0 ? NONE : cut.map((p) => interner.string(p)),
    features: features.map((f) => interner.feature(f)),
  }));
  return { key, isPullRequest, lines, clusterable: parsed.c === 1 };
}

/** The whole evidence, equal to what `issueEvidence` returned when it was stored. */
export function restoreEvidence(
  key: string,
  isPullRequest: boolean,
  link: string,
  detail: string,
): IssueEvidence {
  const ev = restoreLinkEvidence(key, isPullRequest, link);
  const parts = JSON.parse(detail) as CompactDetail;
  ev.lines.forEach((line, i) => {
    const [raw, message, masks] = parts[i] ?? ["", "", []];
    Object.assign(line, { raw, message, masks, cutPrefixes: [...line.cutPrefixes] });
  });
  return ev;
}
