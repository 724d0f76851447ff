// An in-repo stand-in for Slack's side of a slash command: it signs command requests exactly as
// Slack does (v0 HMAC-SHA256 over `v0:{timestamp}:{raw body}`) and receives the `response_url`
// follow-ups, so the command is tested end to end without the network.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signHmacSha256 } from "../http/hmac.js";

export interface SignedCommand {
  body: string;
  headers: Record<string, string>;
}

export interface CommandFields {
  text: string;
  command?: string;
  response_url?: string;
  user_id?: string;
  team_id?: string;
  channel_id?: string;
}

export interface ReceivedFollowUp {
  path: string;
  body: unknown;
}

export async function slackSignature(secret: string, timestamp: string, body: string): Promise<string> {
  return `v0=${await signHmacSha256(secret, `v0:${timestamp}:${body}`)}`;
}

export class SlackEmulator {
  readonly received: ReceivedFollowUp[] = [];
  private waiters: { path: string; resolve: (f: ReceivedFollowUp) => void }[] = [];
  private counter = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly signingSecret: string,
    private readonly now: () => Date,
  ) {}

  static start(options: { signingSecret: string; now?: () => Date }): Promise<SlackEmulator> {
    return new Promise((resolve, reject) => {
      let emulator: SlackEmulator;
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          let body: unknown = null;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          } catch {
            res.writeHead(400).end("invalid_payload");
            return;
          }
          emulator.deliver({ path: req.url ?? "/", body });
          res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        });
      });
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        emulator = new SlackEmulator(
          server,
          `http://127.0.0.1:${port}`,
          options.signingSecret,
          options.now ?? (() => new Date()),
        );
        resolve(emulator);
      });
    });
  }

  private deliver(followUp: ReceivedFollowUp): void {
    this.received.push(followUp);
    const ready = this.waiters.filter((w) => w.path === followUp.path);
    this.waiters = this.waiters.filter((w) => w.path !== followUp.path);
    for (const w of ready) w.resolve(followUp);
  }

  /** A fresh response_url, as Slack issues one per command invocation. */
  responseUrl(): string {
    this.counter += 1;
    return `${this.url}/commands/T0001/${this.counter}/hook`;
  }

  /** A form-encoded slash command signed like Slack; `secret` and `timestamp` override for negative tests. */
  async signCommand(
    fields: CommandFields,
    options: { secret?: string; timestamp?: string } = {},
  ): Promise<SignedCommand> {
    const form = new URLSearchParams({
      token: "deprecated-verification-token",
      team_id: fields.team_id ?? "T0001",
      team_domain: "seldon-users",
      channel_id: fields.channel_id ?? "C0001",
      channel_name: "troubleshooting",
      user_id: fields.user_id ?? "U0001",
      user_name: "tester",
      command: fields.command ?? "/seldon-kb",
      text: fields.text,
      api_app_id: "A0001",
      response_url: fields.response_url ?? this.responseUrl(),
      trigger_id: "1.2.3",
    });
    const body = form.toString();
    const timestamp = options.timestamp ?? String(Math.floor(this.now().getTime() / 1000));
    const signature = await slackSignature(options.secret ?? this.signingSecret, timestamp, body);
    return {
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": signature,
      },
    };
  }

  /** Resolves with the next follow-up posted to `responseUrl` (or one already received). */
  waitForFollowUp(responseUrl: string, timeoutMs = 5000): Promise<ReceivedFollowUp> {
    const path = new URL(responseUrl).pathname;
    const already = this.received.find((f) => f.path === path);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no follow-up on ${path} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        path,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
