import type { Options, SearchOptions } from "minisearch";
import { processTerm, tokenizeText } from "./tokenizer.js";

/** One document of the full-text index: an issue ("i:<id>") or a knowledge-base entry ("e:<id>"). */
export interface IndexDoc {
  id: string;
  title: string;
  errors: string;
  body: string;
}

export const ERROR_QUERY_OPTIONS: SearchOptions = { combineWith: "OR", prefix: false, fuzzy: false };
// Prose (a paraphrase of the error) gets prefix matching so "serialize" finds "serializable".
export const PROSE_QUERY_OPTIONS: SearchOptions = {
  combineWith: "OR",
  prefix: (term) => term.length >= 5,
  fuzzy: false,
};

/** The one MiniSearch options constant: build and load must agree, or a loaded index answers wrongly. */
export const INDEX_OPTIONS: Options<IndexDoc> = {
  idField: "id",
  fields: ["title", "errors", "body"],
  storeFields: [],
  tokenize: tokenizeText,
  processTerm,
  searchOptions: { ...ERROR_QUERY_OPTIONS, boost: { title: 2, errors: 3, body: 1 } },
  autoVacuum: { minDirtCount: 200, minDirtFactor: 0.1, batchSize: 2000, batchWait: 5 },
};
