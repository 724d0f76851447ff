import { beforeAll, describe, expect, it } from "vitest";
import { runSearchCommand } from "../../src/cli/search-command.js";
import { fixedClock } from "../../src/domain/clock.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";
import { makeTestDb } from "../helpers/test-db.js";

function sink() {
  let text = "";
  return {
    write: (chunk: string) => (text += chunk),
    get text() {
      return text;
    },
  };
}

async function* input(...chunks: (string | Uint8Array)[]) {
  for (const c of chunks) yield c;
}

describe("kb search", () => {
  const database = makeTestDb();
  const deps = { database, clock: fixedClock("2026-11-26T12:00:00Z") };
  const run = async (args: string[], stdin = input()) => {
    const out = sink();
    const err = sink();
    const code = await runSearchCommand(deps, args, stdin, out, err);
    return { code, out: out.text, err: err.text };
  };

  beforeAll(async () => {
    await seedCorpus(database, corpus);
  });

  it("prints a ranked list for the text given as arguments", async () => {
    const { code, out } = await run([
      "TypeError:",
      "Object",
      "of",
      "type",
      "float32",
      "is",
      "not",
      "JSON",
      "serializable",
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/^ 1\. .+\(score [\d.]+\)$/m);
    expect(out).toContain("signature: TypeError: Object of type <*> is not JSON serializable");
    expect(out).toContain("why: same signature");
    expect(out).toContain("https://github.com/SeldonIO/");
  });

  it("reads the text from stdin when none is given", async () => {
    const { code, out } = await run([], input("some noise\n", 'level=error msg="no healthy upstream"\n'));
    expect(code).toBe(0);
    expect(out).toContain(" 1. ");
  });

  it("prints JSON with --json", async () => {
    const { out } = await run(["--json", "--limit", "2", "no healthy upstream"]);
    expect(JSON.parse(out).results.length).toBeLessThanOrEqual(2);
  });

  it("refuses empty input with a message and exit code 2", async () => {
    const { code, err } = await run([], input("  \n"));
    expect(code).toBe(2);
    expect(err).toContain("empty");
  });

  it("refuses invalid UTF-8 on stdin", async () => {
    const { code, err } = await run([], input(new Uint8Array([0x66, 0xff, 0xfe, 0x6f])));
    expect(code).toBe(2);
    expect(err).toContain("UTF-8");
  });

  it("refuses binary input", async () => {
    const { code, err } = await run([], input(new Uint8Array([0x00, 0x01, 0x02, 0x41])));
    expect(code).toBe(2);
    expect(err).toContain("binary");
  });

  it("refuses input above 64 KiB", async () => {
    const { code, err } = await run([], input("x".repeat(70 * 1024)));
    expect(code).toBe(2);
    expect(err).toContain("64 KiB");
  });

  it("refuses an unknown filter option", async () => {
    const { code, err } = await run(["--colour", "red", "error"]);
    expect(code).toBe(2);
    expect(err).toContain("colour");
  });

  it("refuses an unknown state", async () => {
    const { code, err } = await run(["--state", "sideways", "error"]);
    expect(code).toBe(2);
    expect(err).toContain("sideways");
  });
});
