import { describe } from "vitest";
import { makeTestDb } from "../helpers/test-db.js";
import { queryContract } from "./query-contract.js";

describe("query layer on better-sqlite3", () => {
  queryContract(makeTestDb);
});
