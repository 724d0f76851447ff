import { describe, expect, it } from "vitest";
import { LineClusterer, normalizeMessage, TemplateMiner } from "../../../src/domain/signature/index";

const NAMES = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];

function mineAll(lines: string[]) {
  return new TemplateMiner().mine(lines.map((l) => normalizeMessage(l).template));
}

describe("TemplateMiner", () => {
  it("wildcards a plain word that varies across otherwise identical lines", () => {
    const mined = mineAll(NAMES.map((n) => `Failed to download from bucket ${n} any files`));
    expect(new Set(mined.map((m) => m.id)).size).toBe(1);
    expect(mined[0]?.template).toBe("Failed to download from bucket <*> any files");
  });

  it("keeps verbs apart when each occurs many times", () => {
    const lines = ["schedule", "find", "add"].flatMap((verb) =>
      NAMES.map((n) => `Failed to ${verb} model ${n}-7`),
    );
    const mined = mineAll(lines);
    expect(new Set(mined.map((m) => m.template))).toEqual(
      new Set(["Failed to schedule model <*>", "Failed to find model <*>", "Failed to add model <*>"]),
    );
  });

  it("keeps cause clauses apart", () => {
    const prefix =
      'failed calling webhook "v1.vseldondeployment.kb.io": Post "https://w.seldon.svc:443/validate": ';
    const lines = [1, 2, 3, 4, 5].flatMap((i) => [
      `${prefix}dial tcp 10.0.0.${i}:443: connect: connection refused`,
      `${prefix}dial tcp 10.0.0.${i}:443: i/o timeout`,
      `${prefix}x509: certificate signed by unknown authority`,
    ]);
    expect(new Set(mineAll(lines).map((m) => m.id)).size).toBe(3);
  });

  it("gives every line the same template whatever the input order", () => {
    const lines = [
      ...NAMES.map((n, i) => `session opened for user ${n} by (uid=${i})`),
      ...NAMES.map((n) => `Failed password for ${n} from 10.0.0.1 port 22 ssh2`),
      "Kerberos authentication failed",
      "cupsd shutdown succeeded",
    ];
    const forward = mineAll(lines);
    const backward = mineAll([...lines].reverse()).reverse();
    expect(backward.map((m) => m.id)).toEqual(forward.map((m) => m.id));
    expect(forward.at(-1)?.id).not.toBe(forward.at(-2)?.id);
  });
});

describe("LineClusterer", () => {
  it("keeps a key once printed, across mining windows", () => {
    const clusterer = new LineClusterer(4);
    const keys: string[] = [];
    const lines = [...NAMES, ...NAMES].map((n, i) => `Model ${n}-${i} is not ready yet.`);
    for (const l of lines) keys.push(...clusterer.push(l));
    keys.push(...clusterer.flush());
    expect(keys).toHaveLength(lines.length);
    expect(new Set(keys).size).toBe(1);
  });

  it("gives an empty message an empty key", () => {
    const clusterer = new LineClusterer(10);
    clusterer.push("");
    clusterer.push("Model iris not found");
    const keys = clusterer.flush();
    expect(keys[0]).toBe("");
    expect(keys[1]).toMatch(/^sig_/);
  });
});
