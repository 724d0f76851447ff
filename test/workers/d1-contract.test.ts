import { env } from "cloudflare:test";
import { describe } from "vitest";
import { d1Contract } from "../db/d1-contract.js";

describe("workerd's D1", () => {
  d1Contract(() => env.DB);
});
