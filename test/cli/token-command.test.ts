import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runKb } from "./run-kb.js";

const dir = mkdtempSync(join(tmpdir(), "kb-token-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { KB_DB_PATH: join(dir, "kb.sqlite") };

describe("kb token", () => {
  it("creates a token shown once, lists it without the secret, revokes it, and explains bad usage", async () => {
    const created = await runKb(["token", "create", "--role", "curator", "--label", "ana"], env).done;
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^kb_[\w-]{40,}$/);
    const list = await runKb(["token", "list"], env).done;
    expect(list.stdout).toMatch(/^tok_\S+\tcurator\tana\tcreated /);
    expect(list.stdout).not.toContain(token);
    const id = list.stdout.split("\t")[0]!;
    const revoked = await runKb(["token", "revoke", id], env).done;
    expect(revoked.stdout).toContain(`revoked ${id}`);
    expect((await runKb(["token", "list"], env).done).stdout).toContain("\trevoked ");
    const again = await runKb(["token", "revoke", id], env).done;
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining("already revoked")]);
    const bad = await runKb(["token", "create", "--role", "owner", "--label", "x"], env).done;
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("--role curator or --role admin")]);
  });
});
