import type { Database } from "../../src/db/client.js";
import { fixedClock } from "../../src/domain/clock.js";
import { createApp } from "../../src/http/app.js";
import type { AppDeps } from "../../src/http/deps.js";
import { memoryLogger } from "../../src/logger.js";
import { makeTestDb } from "./test-db.js";

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";
export const TEST_NOW = "2026-11-26T12:00:00.000Z";

/** A full app over a fresh in-memory database with a fixed clock. */
export function makeTestApp(overrides: Partial<AppDeps> & { database?: Database } = {}) {
  const logger = memoryLogger();
  const deps: AppDeps = {
    database: overrides.database ?? makeTestDb(),
    clock: fixedClock(TEST_NOW),
    logger,
    adminToken: TEST_ADMIN_TOKEN,
    ...overrides,
  };
  return { app: createApp(deps), deps, logger };
}

export async function expectProblem(
  response: Response,
  status: number,
): Promise<{ detail: string; title: string }> {
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${await response.text()}`);
  if (!response.headers.get("content-type")?.startsWith("application/problem+json")) {
    throw new Error(`expected problem+json, got ${response.headers.get("content-type")}`);
  }
  const body = (await response.json()) as { type: string; title: string; status: number; detail: string };
  if (body.status !== status || !body.type || !body.title || !body.detail)
    throw new Error(`bad problem: ${JSON.stringify(body)}`);
  if (JSON.stringify(body).includes("    at ")) throw new Error("problem leaks a stack trace");
  return body;
}

/** Response bodies in tests are read loosely; the assertions pin their shape. */
// biome-ignore lint/suspicious/noExplicitAny: test-only convenience
export async function readJson(response: Response): Promise<any> {
  return response.json();
}
