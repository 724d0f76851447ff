/** One document of the full-text index: an issue ("i:<id>") or a knowledge-base entry ("e:<id>"). */
export interface IndexDoc {
  id: string;
  title: string;
  errors: string;
  body: string;
}
