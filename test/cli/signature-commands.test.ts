import { PassThrough, Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  ClusterInputError,
  clusterKeys,
  runClusterCommand,
  runSignatureCommand,
} from "../../src/cli/signature-commands";

function sink() {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

const input = (lines: string[]) => Readable.from([lines.map((l) => `${l}\n`).join("")]);

describe("kb signature", () => {
  it("prints one normalized template per input line, in order", async () => {
    const out = sink();
    await runSignatureCommand(
      input(["dial tcp 10.0.0.1:9000: connect: connection refused", "", "No module named 'foo'"]),
      out.stream,
    );
    expect(out.text()).toBe("dial tcp <*>: connect: connection refused\n\nNo module named '<*>'\n");
  });
});

describe("kb cluster", () => {
  it("prints exactly one key per line; same template, same key", async () => {
    const lines = [
      "Model iris-1 not found",
      "dial tcp 10.0.0.1:9000: connect: connection refused",
      "Model mnist-2 not found",
      "",
      "dial tcp 10.0.0.2:9000: connect: connection refused",
    ];
    const keys = await clusterKeys(lines, { json: false });
    expect(keys).toHaveLength(lines.length);
    expect(keys[0]).toMatch(/^sig_[0-9a-f]{16}$/);
    expect(keys[2]).toBe(keys[0]);
    expect(keys[4]).toBe(keys[1]);
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[3]).toBe("");
  });

  it("clusters whole texts in --json mode by their best error line", async () => {
    const texts = [
      'INFO starting\nTraceback (most recent call last):\n  File "m.py", line 1\nValueError: bad shape 3',
      '{"level":"error","msg":"predict failed","error":"boom"}\nValueError: bad shape 7',
      "How do I set replicas?",
    ];
    const keys = await clusterKeys(
      texts.map((t) => JSON.stringify(t)),
      { json: true },
    );
    expect(keys).toHaveLength(3);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe("");
  });

  it("reports a line that is not a JSON string, keeps output aligned and fails at the end", async () => {
    const out = sink();
    const errors = sink();
    const run = runClusterCommand(input(['"ValueError: x"', "{not json", '"ValueError: y"']), out.stream, {
      json: true,
      errors: errors.stream,
    });
    await expect(run).rejects.toBeInstanceOf(ClusterInputError);
    expect(out.text().split("\n").slice(0, 3)).toEqual([
      expect.stringMatching(/^sig_/),
      "",
      expect.stringMatching(/^sig_/),
    ]);
    expect(errors.text()).toContain("line 2");
  });

  it("streams: keys of a full window are written before input ends", async () => {
    const stdin = new PassThrough();
    const out = sink();
    const done = runClusterCommand(stdin, out.stream, { json: false, window: 2 });
    stdin.write("Model a-1 not found\nModel b-2 not found\n");
    await expect.poll(() => out.text().split("\n").filter(Boolean).length).toBe(2);
    stdin.end("Model c-3 not found\n");
    await done;
    expect(new Set(out.text().trim().split("\n")).size).toBe(1);
  });
});
