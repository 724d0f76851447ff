import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_LIMITS } from "../../src/http/body-limit.js";
import { makeTestApp } from "../helpers/test-app.js";

const STREAMED = 32 * 1024 * 1024;

interface Answer {
  status: number;
  contentType: string;
  body: string;
  sent: number;
}

/**
 * POSTs `total` bytes in 16 KiB chunks with no Content-Length (Node sends them chunked), over a
 * real socket, and stops writing as soon as an answer arrives: what a client streaming a huge
 * body sees.
 */
function postChunked(port: number, path: string, total: number, headers: Record<string, string>) {
  return new Promise<Answer>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => {
        body += d;
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers["content-type"]),
          body,
          sent,
        }),
      );
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(16 * 1024, "a");
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

describe("bounded request bodies over real HTTP", () => {
  const { app } = makeTestApp({
    slackSigningSecret: "slack-signing-secret-for-tests",
    githubWebhookSecret: "webhook-secret-for-tests",
  });
  let server: ServerType;
  let port = 0;

  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
        port = info.port;
        resolve();
      });
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const cases: [string, string, number, Record<string, string>][] = [
    [
      "a Slack command",
      "/slack/commands",
      BODY_LIMITS.slackCommand,
      {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": "1700000000",
        "x-slack-signature": "v0=00",
      },
    ],
    ["a JSON search", "/api/search", BODY_LIMITS.searchJson, { "content-type": "application/json" }],
    [
      "a webhook delivery",
      "/github/webhook",
      BODY_LIMITS.githubWebhook,
      {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-hub-signature-256": "sha256=00",
      },
    ],
    ["a POST to a route that reads no body", "/healthz", BODY_LIMITS.any, { "content-type": "text/plain" }],
  ];

  it.each(cases)(
    "refuses %s streamed past its limit without Content-Length: 413 problem+json",
    async (_name, path, limit, headers) => {
      const answer = await postChunked(port, path, STREAMED, headers);
      expect(answer.status).toBe(413);
      expect(answer.contentType).toContain("application/problem+json");
      expect(JSON.parse(answer.body)).toMatchObject({ status: 413, title: "Payload too large" });
      // The answer came while the client was still streaming: the server stopped at the limit
      // instead of reading (or buffering) the 32 MiB first.
      expect(answer.sent).toBeGreaterThan(limit);
      expect(answer.sent).toBeLessThan(STREAMED);
    },
  );

  it("answers a chunked search form above its limit with the page and a 413", async () => {
    const answer = await postChunked(port, "/", BODY_LIMITS.pageForm * 4, {
      "content-type": "application/x-www-form-urlencoded",
      origin: `http://127.0.0.1:${port}`,
    });
    expect(answer.status).toBe(413);
    expect(answer.contentType).toContain("text/html");
    expect(answer.body).toContain("64 KiB");
  });

  it("still reads a chunked body under the limit", async () => {
    const body = JSON.stringify({ q: "no healthy upstream" });
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path: "/api/search",
          method: "POST",
          headers: { "content-type": "application/json" },
        },
        (res) => {
          let text = "";
          res.on("data", (d) => {
            text += d;
          });
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: String(res.headers["content-type"]),
              body: text,
              sent: 0,
            }),
          );
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 5));
      req.end(body.slice(5));
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).query).toBe("no healthy upstream");
  });
});
