// A search document as the index stores it: its row in `search_docs` (FTS5 terms, metadata,
// lookup keys, text hash) and the feature and template rows its keys need.
import type { Database, Statement } from "../db/client.js";
import {
  insertSearchFeaturesStatements,
  insertSearchTemplatesStatements,
  type SearchDocWrite,
} from "../db/queries/search-docs.js";
import type { LineFeature } from "../domain/evidence/features.js";
import { hash64 } from "../domain/signature/hash.js";
import { signatureId } from "../domain/signature/index.js";
import type { EntryMeta, IssueMeta } from "./documents.js";
import type { IndexDoc } from "./index-options.js";
import { documentKeys, templateRow } from "./keys.js";
import { processTerm, tokenizeText } from "./tokenizer.js";

export type IndexWrite = SearchDocWrite & LookupRows;

/** The feature and template rows a batch of documents needs, written before the documents. */
export function lookupStatements(database: Database, writes: LookupRows[]): Statement[] {
  const features = new Map<string, string>();
  const templates = new Map<string, string>();
  for (const w of writes) {
    for (const f of w.features) if (!features.has(f.featureId)) features.set(f.featureId, f.template);
    for (const t of w.templates) if (!templates.has(t.signatureId)) templates.set(t.signatureId, t.template);
  }
  return [
    ...insertSearchFeaturesStatements(
      database.db,
      [...features].map(([featureId, template]) => ({ featureId, template })),
      database.limits,
    ),
    ...insertSearchTemplatesStatements(
      database.db,
      [...templates].map(([id, template]) => templateRow(id, template)),
      database.limits,
    ),
  ];
}

// Results show a sample line clipped to 240 characters: a longer one is never shown whole.
const SAMPLE_CHARS = 241;

/** What a loaded index keeps of an issue: its fingerprint lives in its own column. */
export function persistedIssueMeta(meta: IssueMeta): IssueMeta {
  return {
    ...meta,
    v: "",
    samples: meta.samples.map((s) => ({ ...s, sample: s.sample.slice(0, SAMPLE_CHARS) })),
  };
}

/** A document's fields as the FTS5 table indexes them: our tokenizer's terms, space-separated. */
export function termsOf(text: string): string {
  const out: string[] = [];
  for (const token of tokenizeText(text)) {
    const term = processTerm(token);
    if (term) out.push(term);
  }
  return out.join(" ");
}

export interface LookupRows {
  features: { featureId: string; template: string }[];
  templates: { signatureId: string; template: string }[];
}

/** Hash of the text a document's terms come from. */
export function docTextHash(doc: IndexDoc): string {
  return hash64(`${doc.title}\u0000${doc.errors}\u0000${doc.body}`);
}

/**
 * An issue's row (its terms, metadata and lookup keys) and the feature and template rows it needs.
 * When the stored row's text hash is this text's (`storedHash`), the terms are not made again: the
 * row keeps its own, and only metadata, keys and cluster change (a cluster move of thousands of
 * documents re-tokenized every thread before).
 */
export function issueWrite(
  doc: IndexDoc,
  meta: IssueMeta,
  storedHash?: string | null,
  featuresOf?: (template: string) => LineFeature[],
): IndexWrite {
  const { keys, features } = documentKeys(meta.clusterId, meta.samples, featuresOf);
  const textHash = docTextHash(doc);
  const keepTerms = storedHash === textHash;
  return {
    ...(keepTerms ? { title: "", errors: "", body: "" } : terms(doc)),
    textHash,
    keepTerms,
    docId: doc.id,
    issueId: meta.id,
    meta: JSON.stringify(persistedIssueMeta(meta)),
    fingerprint: meta.v,
    clusterId: meta.clusterId,
    repo: meta.repo,
    number: meta.number,
    keys,
    features: features.map((f) => ({ featureId: f.id, template: f.template })),
    templates: meta.samples.map((s) => ({ signatureId: s.signatureId, template: s.template })),
  };
}

/** An entry's row; its error lines that are not signature ids become known templates. */
export function entryWrite(doc: IndexDoc, meta: EntryMeta): IndexWrite {
  return {
    ...terms(doc),
    docId: doc.id,
    issueId: null,
    meta: JSON.stringify(meta),
    fingerprint: meta.v,
    clusterId: meta.clusterId,
    repo: null,
    number: null,
    keys: "",
    features: [],
    templates: meta.signatures
      .filter((s) => !s.startsWith("sig_"))
      .map((s) => ({ signatureId: signatureId(s), template: s })),
    textHash: null,
  };
}

const terms = (doc: IndexDoc) => ({
  title: termsOf(doc.title),
  errors: termsOf(doc.errors),
  body: termsOf(doc.body),
});
