import { Readable, Writable } from "node:stream";
import { extractErrorLines } from "../domain/signature/extract/index";
import { LineClusterer } from "../domain/signature/line-clusterer";
import { normalizeMessage } from "../domain/signature/normalize";

export interface ClusterOptions {
  json: boolean;
  // Lines per mining window; bounded so memory stays flat however long stdin is.
  window?: number;
  errors?: NodeJS.WritableStream;
}

export class ClusterInputError extends Error {
  constructor(readonly badLines: number[]) {
    super(`${badLines.length} input line(s) were not JSON strings (first: line ${badLines[0]})`);
    this.name = "ClusterInputError";
  }
}

const FLUSH_BYTES = 64 * 1024;

// Buffers output and honours backpressure so a slow consumer does not make us hold every key.
function bufferedWriter(output: NodeJS.WritableStream) {
  let pending = "";
  const flush = async () => {
    if (pending === "") return;
    const chunk = pending;
    pending = "";
    if (!output.write(chunk)) await new Promise<void>((resolve) => output.once("drain", resolve));
  };
  return {
    write(line: string) {
      pending += `${line}\n`;
    },
    async flushIfFull() {
      if (pending.length >= FLUSH_BYTES) await flush();
    },
    flush,
  };
}

// Reads whole chunks and splits them itself: far cheaper per line than readline's async iterator.
async function* lines(input: NodeJS.ReadableStream): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of input) {
    const text =
      rest + (typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array, { stream: true }));
    const parts = text.split("\n");
    rest = parts.pop() ?? "";
    yield parts.map(trimCr);
  }
  rest += decoder.decode();
  if (rest !== "") yield [trimCr(rest)];
}

function trimCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

export async function runSignatureCommand(input: NodeJS.ReadableStream, output: NodeJS.WritableStream) {
  const out = bufferedWriter(output);
  for await (const batch of lines(input)) {
    for (const line of batch) out.write(normalizeMessage(line).template);
    await out.flushIfFull();
  }
  await out.flush();
}

// In --json mode a line holds a whole pasted text; its best error line is what gets clustered.
// A text with no error line, or a line that is not a JSON string, gets an empty key so output
// stays aligned with input; bad lines are reported on stderr and fail the command at the end.
function messageOf(line: string, json: boolean): string | null {
  if (!json) return line;
  let text: unknown;
  try {
    text = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof text !== "string") return null;
  return extractErrorLines(text)[0]?.message ?? "";
}

export async function runClusterCommand(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  opts: ClusterOptions,
): Promise<void> {
  const out = bufferedWriter(output);
  const errors = opts.errors ?? process.stderr;
  const clusterer = new LineClusterer(opts.window);
  const bad: number[] = [];
  let n = 0;
  for await (const batch of lines(input)) {
    for (const line of batch) {
      n += 1;
      const message = line.trim() === "" ? "" : messageOf(line, opts.json);
      if (message === null) {
        bad.push(n);
        errors.write(`kb cluster: line ${n}: expected a JSON string, e.g. "text\\nmore text"\n`);
      }
      for (const key of clusterer.push(message ?? "")) out.write(key);
    }
    // Keys go out as soon as a window is mined, so a reader sees them before stdin ends.
    await out.flush();
  }
  for (const key of clusterer.flush()) out.write(key);
  await out.flush();
  if (bad.length > 0) throw new ClusterInputError(bad);
}

// Runs the exact `kb cluster` path over in-memory lines; used by benchmarks and tests.
export async function clusterKeys(input: readonly string[], opts: ClusterOptions): Promise<string[]> {
  const text = input.map((l) => `${l}\n`).join("");
  let collected = "";
  const sink = new Writable({
    write(chunk, _enc, done) {
      collected += chunk.toString();
      done();
    },
  });
  await runClusterCommand(Readable.from([text]), sink, opts);
  return collected === "" ? [] : collected.replace(/\n$/, "").split("\n");
}
