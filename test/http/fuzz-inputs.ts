// Random and hostile request parts for the route fuzzer (test/http/fuzz.test.ts).
import fc from "fast-check";
import { signHmacSha256 } from "../../src/http/hmac.js";

export const SLACK_SECRET = "slack-signing-secret-for-fuzz";
export const WEBHOOK_SECRET = "webhook-secret-for-fuzz";

/** Path tricks: traversal, encoded slashes and dots, bad and overlong UTF-8, NUL, overlong segments. */
const HOSTILE_SEGMENTS = [
  "..",
  "%2e%2e",
  "..%2f..%2fetc%2fpasswd",
  "%2F",
  "a%2Fb",
  "%5c..%5c",
  "%00",
  "%FF%FE",
  "%C0%AF",
  "%E0%A4%A",
  "%",
  "%zz",
  "x".repeat(10_000),
  "%F0%9F%98%80",
  "😀",
  "cl_",
  "cl_0000000000000000",
  "-1",
  "9".repeat(400),
  "'; drop table issues; --",
  "<script>alert(1)</script>",
];

/** Query values: huge and odd numbers, bad UTF-8, long texts, injection-looking strings. */
const HOSTILE_VALUES = [
  "",
  "0",
  "-1",
  "1.5",
  "1e309",
  "-0",
  "NaN",
  "Infinity",
  "0x10",
  " 5",
  "9".repeat(400),
  "%FF%FE",
  "%C0%AF",
  "%00",
  "%",
  "a%2Fb",
  "draft",
  "SeldonIO/MLServer",
  "../../../etc/passwd",
  encodeURIComponent("x".repeat(70 * 1024)),
  encodeURIComponent("TypeError: Object of type float32 is not JSON serializable"),
];

const encoded = (arb: fc.Arbitrary<string>) => arb.map(encodeURIComponent);

export function segmentArb(knownIds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...HOSTILE_SEGMENTS),
    encoded(fc.string({ maxLength: 40 })),
    encoded(fc.string({ unit: "binary", maxLength: 40 })),
    fc.webSegment(),
    knownIds.length > 0 ? fc.constantFrom(...knownIds) : fc.constant("cl_x"),
  );
}

export function queryArb(names: string[]): fc.Arbitrary<string> {
  const name = fc.oneof(
    fc.constantFrom(...(names.length > 0 ? names : ["q"])),
    encoded(fc.string({ maxLength: 12 })),
  );
  const value = fc.oneof(fc.constantFrom(...HOSTILE_VALUES), encoded(fc.string({ maxLength: 60 })));
  return fc
    .array(fc.tuple(name, value), { maxLength: 5 })
    .map((pairs) => (pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`));
}

const deepJson = fc
  .tuple(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom("[", '{"q":'))
  .map(([depth, open]) => `${open.repeat(depth)}1${(open === "[" ? "]" : "}").repeat(depth)}`);

const searchLike = fc
  .record(
    {
      q: fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.constant("x".repeat(70 * 1024)),
        fc.integer(),
        fc.constant(null),
      ),
      limit: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(2 ** 70)),
      state: fc.oneof(fc.constantFrom("draft", "published", "bogus"), fc.string()),
    },
    { requiredKeys: [] },
  )
  .map((v) => JSON.stringify(v));

const githubLike = fc
  .record(
    {
      action: fc.oneof(
        fc.constantFrom("opened", "edited", "deleted", "created"),
        fc.string({ maxLength: 20 }),
      ),
      issue: fc.oneof(
        fc.constant({}),
        fc.record({
          id: fc.integer(),
          number: fc.integer(),
          title: fc.string(),
          state: fc.string(),
          html_url: fc.webUrl(),
          created_at: fc.string(),
          updated_at: fc.string(),
        }),
      ),
      comment: fc.record({
        id: fc.integer(),
        issue_url: fc.string(),
        updated_at: fc.string(),
        html_url: fc.string(),
        created_at: fc.string(),
      }),
    },
    { requiredKeys: [] },
  )
  .map((v) => JSON.stringify(v));

const slackLike = fc
  .record(
    {
      command: fc.oneof(fc.constant("/seldon-kb"), fc.string()),
      text: fc.oneof(fc.string({ maxLength: 300 }), fc.constant("x".repeat(70_000)), fc.constant("help")),
      response_url: fc.oneof(
        fc.constant("http://127.0.0.1:9/hook"),
        fc.string(),
        fc.constant("javascript:alert(1)"),
      ),
    },
    { requiredKeys: [] },
  )
  .map((v) => new URLSearchParams(v as Record<string, string>).toString());

/** A body as bytes: valid and invalid JSON, deep nesting, forms, bad UTF-8, nothing. */
export const bodyArb: fc.Arbitrary<Uint8Array | string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 4 }),
  deepJson,
  searchLike,
  githubLike,
  slackLike,
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }),
  fc.constant('{"q":"boom","limit":1e309}'),
  fc.constant(new Uint8Array([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d])),
);

export const contentTypeArb = fc.constantFrom(
  undefined,
  "application/json",
  "application/json; charset=utf-16",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----x",
  "multipart/form-data",
  "application/xml",
  "garbage/;;;===",
  "",
);

export interface Signing {
  slack: "none" | "garbage" | "valid" | "stale";
  webhook: "none" | "garbage" | "valid";
  auth: "none" | "garbage" | "admin";
  hugeHeader: boolean;
  event: string;
  delivery: string | undefined;
}

export const signingArb: fc.Arbitrary<Signing> = fc.record({
  slack: fc.constantFrom("none", "garbage", "valid", "stale"),
  webhook: fc.constantFrom("none", "garbage", "valid"),
  auth: fc.constantFrom("none", "garbage", "admin"),
  hugeHeader: fc.boolean(),
  event: fc.oneof(fc.constantFrom("issues", "issue_comment", "ping", ""), fc.string({ maxLength: 20 })),
  delivery: fc.oneof(fc.constant(undefined), fc.uuid(), fc.string({ maxLength: 120 })),
});

const text = (body: Uint8Array | string | undefined) =>
  body === undefined ? "" : typeof body === "string" ? body : new TextDecoder().decode(body);

/** Headers for one request: signatures that are missing, garbage, or valid for the exact body. */
export async function headersFor(
  s: Signing,
  body: Uint8Array | string | undefined,
  contentType: string | undefined,
  nowSeconds: number,
  adminToken: string,
): Promise<Record<string, string>> {
  const h: Record<string, string> = {};
  if (contentType !== undefined) h["content-type"] = contentType;
  const raw = text(body);
  if (s.slack !== "none") {
    const ts = String(s.slack === "stale" ? nowSeconds - 3600 : nowSeconds);
    h["x-slack-request-timestamp"] = ts;
    h["x-slack-signature"] =
      s.slack === "garbage" ? "v0=zz" : `v0=${await signHmacSha256(SLACK_SECRET, `v0:${ts}:${raw}`)}`;
  }
  if (s.webhook !== "none")
    h["x-hub-signature-256"] =
      s.webhook === "garbage" ? "sha256=nothex" : `sha256=${await signHmacSha256(WEBHOOK_SECRET, raw)}`;
  if (s.auth !== "none")
    h.authorization = s.auth === "admin" ? `Bearer ${adminToken}` : "Bearer \u00ff garbage";
  if (s.hugeHeader) h["x-junk"] = "j".repeat(200 * 1024);
  h["x-github-event"] = s.event.replace(/[^\x20-\x7e]/g, "");
  if (s.delivery !== undefined) h["x-github-delivery"] = s.delivery.replace(/[^\x20-\x7e]/g, "");
  return h;
}
