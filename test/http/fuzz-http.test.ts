// The same property one layer down: raw bytes over a socket to the Node server `npm start` runs,
// so request-line and header tricks that fetch() would refuse to send are tried too.
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { memoryLogger } from "../../src/logger.js";
import { type RunningServer, startServer } from "../../src/server.js";
import { makeTestDb } from "../helpers/test-db.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** Sends raw bytes, returns the status code of the first response line (0 when the server just closed). */
function rawRequest(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let head = "";
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer within 10 s")));
    socket.on("data", (d) => {
      head += d.toString("latin1");
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (match) {
        resolve(Number(match[1]));
        socket.destroy();
      }
    });
    socket.on("error", (error) =>
      (error as NodeJS.ErrnoException).code === "ECONNRESET" ? resolve(0) : reject(error),
    );
    socket.on("close", () => resolve(0));
    socket.end(bytes);
  });
}

const target = fc.oneof(
  fc.constantFrom(
    "/",
    "/api/search?q=%FF%FE",
    "/api/search?q=%E0%A4%A",
    "/../../etc/passwd",
    "/api/clusters/..%2F..%2Fetc",
    "//api//issues",
    "/clusters/%00",
    "*",
    "http://evil.example/api/issues",
    `/api/search?q=${"x".repeat(70_000)}`,
    `/${"a".repeat(300_000)}`,
  ),
  fc.uint8Array({ minLength: 1, maxLength: 60 }).map((b) => `/${Buffer.from(b).toString("latin1")}`),
);

const headerBlock = fc.oneof(
  fc.constant(""),
  fc.constant(`X-Junk: ${"j".repeat(300 * 1024)}\r\n`),
  fc.constant("Content-Length: 5\r\nContent-Length: 6\r\n"),
  fc.constant("Transfer-Encoding: chunked\r\n"),
  fc.constant("Content-Type: application/json\r\nContent-Length: 3\r\n"),
  fc.constant("X-Forwarded-For: 1.2.3.4, ::1\r\nCF-Connecting-IP: 5.6.7.8\r\n"),
  fc.uint8Array({ maxLength: 80 }).map((b) => `X-Bytes: ${Buffer.from(b).toString("latin1")}\r\n`),
);

describe("fuzzing the Node server over raw sockets", () => {
  let server: RunningServer;
  let port = 0;
  const database = makeTestDb();
  const tally = { requests: 0, serverErrors: 0 };

  beforeAll(async () => {
    const config = parseConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      GITHUB_WEBHOOK_SECRET: "webhook-secret-for-fuzz",
    });
    server = await startServer(config, database, memoryLogger());
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server.close();
    console.info(`fuzz over HTTP: ${tally.requests} raw requests, ${tally.serverErrors} answered 5xx`);
  });

  it("never answers 5xx to malformed request lines, headers or bodies", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PUT", "DELETE", "BREW"),
        target,
        headerBlock,
        fc.oneof(fc.constant(""), fc.constant("zz\r\nnot-a-chunk\r\n"), fc.string({ maxLength: 100 })),
        async (method, path, headers, body) => {
          const bytes = Buffer.from(
            `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n${body}`,
            "latin1",
          );
          const status = await rawRequest(port, bytes);
          tally.requests += 1;
          if (status >= 500) tally.serverErrors += 1;
          expect(status, `${method} ${path.slice(0, 80)}`).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
