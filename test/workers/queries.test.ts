import { env } from "cloudflare:test";
import { describe } from "vitest";
import { openD1Database } from "../../src/db/d1-client.js";
import { orderingContract } from "../db/ordering-contract.js";
import { queryContract } from "../db/query-contract.js";
import { resetD1 } from "./reset-db.js";

describe("query layer on D1", () => {
  const open = async () => {
    await resetD1();
    return openD1Database(env.DB);
  };
  queryContract(open);
  orderingContract(open);
});
