import { env } from "cloudflare:test";
import { describe } from "vitest";
import { openD1Database } from "../../src/db/d1-client.js";
import { exportQueryContract } from "../db/export-query-contract.js";
import { resetD1 } from "./reset-db.js";

describe("export query on D1", () => {
  exportQueryContract(async () => {
    await resetD1();
    return openD1Database(env.DB);
  });
});
