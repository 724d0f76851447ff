import { describe } from "vitest";
import { makeTestDb } from "../helpers/test-db.js";
import { exportQueryContract } from "./export-query-contract.js";

describe("export query on better-sqlite3", () => {
  exportQueryContract(makeTestDb);
});
