import { signatureId } from "../signature/hash";
import { type Chain, chainSuffixes, featureKey, splitChain, withoutTrailingDetail } from "./chain";

/** One piece of evidence a line carries: a suffix of its error chain, as a masked template. */
export interface LineFeature {
  id: string;
  template: string;
  /** How much the template says on its own: informative words, exception types (see `specificity`). */
  spec: number;
  /** Clauses in the suffix: 1 is the innermost clause (the cause) alone. */
  depth: number;
  /** Name-like tokens masked too (see `generalize`): matches more, says less. */
  general: boolean;
  /** The suffix is the whole line (every clause), not only its end. */
  whole: boolean;
}

// Words every error message uses: alone they cannot tell two problems apart. Function words, the
// vocabulary of failure, transport words that any network error repeats.
const GENERIC = new Set(
  (
    "a an the to of in on at for with by from into as is are was were be been being it its this that " +
    "and or not no but if then than so while when after before during because due via per " +
    "error errors err failed fail fails failure failing exception exceptions cannot can't could couldn't " +
    "unable invalid unknown unexpected missing found occurred occurs happened while trying " +
    "connection connect refused reset timeout timed out request requests response server client " +
    "internal http https get post put delete status code message reason info warning warn fatal " +
    "value values type file line lines call called calling run running use using get got have has " +
    "does do did will would should may might must please check see more details " +
    "dial tcp udp read write eof context deadline exceeded broken pipe peer host port address " +
    "network socket pod pods container status"
  ).split(" "),
);

const WORD = /^[A-Za-z][\w.-]*[A-Za-z0-9]$/;
const EXCEPTION_TYPE = /^[A-Z]\w*(?:Error|Exception)$/;

/**
 * Specificity of a template: informative words count 1, exception types 2, generic words 0.2;
 * wildcards and punctuation nothing. `No module named '<*>'` scores lower than
 * `ModuleNotFoundError: No module named '<*>'`, and `connection refused` scores almost nothing.
 */
const SPLIT = /[\s:;,()[\]{}"'`=<>*|]+/;

export function specificity(template: string): number {
  let score = 0;
  for (const raw of template.split(SPLIT)) {
    if (raw.length < 2 || !WORD.test(raw)) continue;
    if (EXCEPTION_TYPE.test(raw)) score += 2;
    else if (GENERIC.has(raw.toLowerCase())) score += 0.2;
    else score += raw.length >= 3 ? 1 : 0.5;
  }
  return Math.round(score * 100) / 100;
}

/** The words of a template that are not generic: what tells it apart from other messages. */
export function informativeWords(template: string): string[] {
  return template.split(SPLIT).filter((w) => w.length >= 3 && WORD.test(w) && !GENERIC.has(w.toLowerCase()));
}

/**
 * Words that name *which* thing failed and so must match exactly: quoted identifiers
 * (`'Conversation'`, `"Deployment"`), the kind after `kind`, exception types.
 */
export function pinnedWords(template: string): Set<string> {
  const out = new Set<string>();
  for (const m of template.matchAll(/\\?["'`]([\w.-]{2,})\\?["'`]|\bkind\s+\\?"?(\w+)/g)) {
    const w = m[1] ?? m[2];
    if (w) out.add(w.toLowerCase());
  }
  for (const w of template.split(SPLIT)) if (EXCEPTION_TYPE.test(w)) out.add(w.toLowerCase());
  return out;
}

const MAX_TEMPLATE = 400;

function feature(template: string, depth: number, general: boolean, whole: boolean): LineFeature {
  const t = template.length > MAX_TEMPLATE ? template.slice(0, MAX_TEMPLATE) : template;
  return { id: signatureId(featureKey(t)), template: t, spec: specificity(t), depth, general, whole };
}

// A token that names a thing rather than says something: it holds a digit or inner punctuation
// (`ccs/a33bd623.example.io`, `apps/v1beta1`, `kubeflow-apps`). Words glued to a number (`x509`,
// `utf8`, `v1`) are names of standards and stay.
function nameLike(token: string): boolean {
  const core = token.replace(/^[([{'"`]+|[)\]},;:.!?'"`]+$/g, "");
  // Bare numbers left by the masks are kept on purpose (HTTP statuses: a 503 is not a 403).
  if (core === "" || core === "<*>" || /^[A-Za-z]*\d+$/.test(core) || EXCEPTION_TYPE.test(core)) return false;
  return /\d/.test(core) || /\w[-_./@=#\\]\w/.test(core);
}

/** The template with every name-like token masked too: what masks did not know to vary. */
export function generalize(template: string): string {
  return template
    .split(" ")
    .map((t) => (nameLike(t) ? t.replace(/[^([{'"`]+?(?=[)\]},;:.!?'"`]*$)/, "<*>") : t))
    .join(" ");
}

/**
 * Every suffix of the line's error chain (and of an aggregate's items), plus each suffix without
 * its trailing detail. Features that say nothing (`spec` below 1) are left out.
 */
export function lineFeatures(template: string): LineFeature[] {
  const out = new Map<string, LineFeature>();
  const chain = splitChain(template);
  // An aggregate's features are its items' chains; the whole line (relays, object, items) is one
  // more, so a copy of it cut before its items still finds it (see `cutPrefixes`).
  if (chain.items.length > 0) {
    const f = feature(aggregateText(chain), chain.clauses.length + 1, false, true);
    if (f.spec >= 1) out.set(f.id, f);
  }
  for (const suffix of chainSuffixes(chain)) {
    const trimmed = withoutTrailingDetail(suffix.text);
    const variants = [
      { t: suffix.text, general: false },
      { t: trimmed, general: false },
      { t: generalize(suffix.text), general: true },
      { t: trimmed ? generalize(trimmed) : null, general: true },
    ];
    for (const { t, general } of variants) {
      if (!t) continue;
      const f = feature(t, suffix.depth, general, suffix.whole);
      if (f.spec >= 1 && !out.has(f.id)) out.set(f.id, f);
    }
  }
  return [...out.values()];
}

/** An aggregate written back as one line, its clauses and items joined the way features join them. */
function aggregateText(chain: Chain): string {
  return `${chain.clauses.join(": ")}: [${chain.items.map((i) => i.clauses.join(": ")).join(", ")}]`;
}

/**
 * For a line that may have been cut: the suffixes of its chain without the last (cut) clause, as
 * prefixes a longer known line would start with (`error retrieving resource lock <*>: Get "…`
 * cut inside the URL still names the lock error). Only those that say something on their own.
 */
export function cutPrefixes(template: string): string[] {
  const chain = splitChain(template);
  if (chain.items.length > 0) return [];
  // A line that ends on its separator (`… error when creating "<*>":`) stops after a whole clause.
  const closed = /:\s*$/.test(template);
  if (!closed && chain.clauses.length < 2) return [];
  const clauses = closed ? chain.clauses.map((c) => c.replace(/\s*:$/, "")) : chain.clauses.slice(0, -1);
  const whole = { clauses, items: [] };
  const out = new Set<string>();
  for (const s of chainSuffixes(whole)) {
    for (const t of [s.text, generalize(s.text)]) if (specificity(t) >= 3) out.add(`${t}: `);
  }
  return [...out];
}
