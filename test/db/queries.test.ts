import { describe } from "vitest";
import { makeTestDb } from "../helpers/test-db.js";
import { orderingContract } from "./ordering-contract.js";
import { queryContract } from "./query-contract.js";

describe("query layer on better-sqlite3", () => {
  queryContract(makeTestDb);
  orderingContract(makeTestDb);
});
