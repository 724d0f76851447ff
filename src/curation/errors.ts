/** What a curation verb refuses, by kind; the HTTP layer maps each kind to its status in one place. */
export type CurationErrorCode = "NOT_FOUND" | "BAD_REQUEST" | "CONFLICT" | "UNPROCESSABLE";

export class CurationError extends Error {
  constructor(
    readonly code: CurationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "CurationError";
  }
}

/** The entry moved on since the caller read it: carries the current entry so nothing is lost. */
export class StaleVersionError extends Error {
  constructor(
    readonly current: import("../db/schema.js").EntryRow,
    readonly expected: number,
  ) {
    super(`the entry is at version ${current.version}, not ${expected}: someone saved it in between`);
    this.name = "StaleVersionError";
  }
}
