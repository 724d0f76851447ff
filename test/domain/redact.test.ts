import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "../../src/domain/redact.js";

// Every secret below is made up for these tests; each case pairs the pasted text with the secret
// that must be gone and the context that must stay.
const fakeGitHubToken = `ghp_${"a1B2c3D4e5".repeat(3)}xyz123`;
const fakeJwt =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0LXVzZXIiLCJpYXQiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLWZvci10ZXN0cw";

function expectRedacted(input: string, secret: string, kept: string[] = []) {
  const out = redactSecrets(input);
  expect(out).not.toContain(secret);
  expect(out).toContain(REDACTED);
  for (const k of kept) expect(out).toContain(k);
  expect(redactSecrets(out)).toBe(out);
  return out;
}

describe("redactSecrets", () => {
  it("removes a bearer token from an Authorization header", () => {
    expectRedacted(
      "curl -H 'Authorization: Bearer s3cr3t-t0ken.value' http://seldon-mesh/v2/models/iris/infer",
      "s3cr3t-t0ken.value",
      ["Authorization: Bearer", "http://seldon-mesh/v2/models/iris/infer"],
    );
  });

  it("removes a bearer token written without the header name", () => {
    expectRedacted("request failed with bearer abcDEF123456ghi: 401 Unauthorized", "abcDEF123456ghi", [
      "401 Unauthorized",
    ]);
  });

  it("removes basic credentials, but not the words 'Basic authentication'", () => {
    const encoded = btoa("admin:hunter22");
    expectRedacted(`GET /api Authorization: Basic ${encoded}`, encoded, ["Authorization: Basic"]);
    expectRedacted(`sent basic ${encoded} to the gateway`, encoded, ["to the gateway"]);
    const prose = "Basic authentication is not enabled for this route";
    expect(redactSecrets(prose)).toBe(prose);
  });

  it("removes password, secret and token values in logfmt", () => {
    const out = expectRedacted(
      'level=error msg="cannot connect" password=hunter22 client_secret="p q r" token=abc123 error="EOF"',
      "hunter22",
      ['msg="cannot connect"', 'error="EOF"'],
    );
    expect(out).not.toContain("p q r");
    expect(out).not.toContain("abc123");
  });

  it("removes api_key and token values in a query string", () => {
    const out = expectRedacted(
      "GET /v1/predict?model=iris&api_key=k-9f8e7d&access_token=zz99&limit=5 HTTP/1.1",
      "k-9f8e7d",
      ["model=iris", "limit=5"],
    );
    expect(out).not.toContain("zz99");
  });

  it("removes secret values in JSON, escaped JSON and Python dict reprs", () => {
    const json = expectRedacted('{"user": "ops", "password": "hunter22", "apiKey": "k-123"}', "hunter22", [
      '"user": "ops"',
    ]);
    expect(json).not.toContain("k-123");
    expectRedacted('msg="{\\"token\\":\\"tk-777\\"}"', "tk-777");
    expectRedacted("{'secret': 'sh-555', 'name': 'iris'}", "sh-555", ["'name': 'iris'"]);
  });

  it("removes secret values in YAML, including block scalars", () => {
    const out = expectRedacted(
      ["stringData:", "  password: hunter22", "  token: |", "    multi-line-secret", "  user: ops"].join(
        "\n",
      ),
      "hunter22",
      ["  user: ops", "stringData:"],
    );
    expect(out).not.toContain("multi-line-secret");
  });

  it("removes an API key sent as an HTTP header line", () => {
    expectRedacted("X-Api-Key: 7f3a9c0e11d2\nContent-Type: application/json", "7f3a9c0e11d2", [
      "Content-Type: application/json",
    ]);
  });

  it("removes the password of a URL with user:password@", () => {
    expectRedacted("dial failed: postgres://kb:hunter22@db.internal:5432/kb?sslmode=disable", "hunter22", [
      "postgres://kb:",
      "@db.internal:5432/kb",
    ]);
    expectRedacted("redis://:r3d1s-pass@cache:6379/0", "r3d1s-pass", ["@cache:6379/0"]);
  });

  it("removes a password given to curl -u and a --token flag", () => {
    const out = expectRedacted("curl -u admin:hunter22 https://x --token tk-abc-123", "hunter22", ["admin:"]);
    expect(out).not.toContain("tk-abc-123");
  });

  it("removes AWS access key ids and secret access keys", () => {
    const id = "AKIAQWERTYUIOP123456";
    const secret = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0";
    const out = expectRedacted(`aws credentials: ${id},${secret}`, id);
    expect(out).not.toContain(secret);
    expectRedacted(`AWS_SECRET_ACCESS_KEY=${secret}`, secret, ["AWS_SECRET_ACCESS_KEY="]);
  });

  it("removes a GCP service-account private key and its id", () => {
    const account = JSON.stringify({
      type: "service_account",
      project_id: "kb-test",
      private_key_id: "0123456789abcdef0123456789abcdef01234567",
      private_key:
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n",
      client_email: "kb@kb-test.iam.gserviceaccount.com",
    });
    const out = expectRedacted(account, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", ['"project_id":"kb-test"']);
    expect(out).not.toContain("0123456789abcdef0123456789abcdef01234567");
    expect(out).toContain("kb@kb-test.iam.gserviceaccount.com");
  });

  it("removes a GCP API key", () => {
    const key = "AIzaSy0123456789abcdefghijABCDEFGHIJ_-x";
    expectRedacted(`google.api_core.exceptions.Forbidden: 403 key=${key}`, key, ["403"]);
    expectRedacted(`calling https://vision.googleapis.com/v1/images?x=${key}&y=1`, key, ["&y=1"]);
  });

  it("removes a PEM private key block, whole or cut off", () => {
    const body = "MIIEpAIBAAKCAQEA1b2c3d4e5f6g7h8i9j0\nk1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6A7B8C9";
    const whole = `Error loading key:\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\nnext line`;
    expectRedacted(whole, "MIIEpAIBAAKCAQEA1b2c3d4e5f6g7h8i9j0", [
      "-----BEGIN RSA PRIVATE KEY-----",
      "-----END RSA PRIVATE KEY-----",
      "next line",
    ]);
    const cut = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}`;
    expectRedacted(cut, "k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6A7B8C9");
  });

  it("removes a JWT wherever it appears", () => {
    expectRedacted(`token is expired: ${fakeJwt} (exp 1700000000)`, fakeJwt, ["token is expired:", "(exp"]);
  });

  it("removes GitHub tokens", () => {
    expectRedacted(`git clone https://${fakeGitHubToken}@github.com/org/repo`, fakeGitHubToken, [
      "@github.com/org/repo",
    ]);
    const pat = `github_pat_${"11ABCDEFG0".repeat(3)}_xyz`;
    expectRedacted(`GITHUB_PAT ${pat} rejected`, pat, ["rejected"]);
  });

  it("removes Slack tokens and webhook URLs", () => {
    const bot = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
    expectRedacted(`slack: invalid_auth for ${bot}`, bot, ["invalid_auth"]);
    expectRedacted(
      "POST https://hooks.slack.com/services/T00000000/B00000000/XXXXabcdXXXXabcdXXXXabcd failed",
      "T00000000/B00000000",
      ["hooks.slack.com/services/", "failed"],
    );
  });

  it("leaves placeholders, booleans and templates in secret-named fields alone", () => {
    for (const text of [
      "password=<redacted>",
      "token: $" + "{GITHUB_TOKEN}", // an unexpanded shell variable
      "automountServiceAccountToken: false",
      '"secret": ""',
      "api_key={{ .Values.apiKey }}",
      "password=****",
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });

  it("never changes ordinary error lines", () => {
    const lines = [
      "Failed to schedule model as no matching servers are available",
      'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 10.96.12.4:9004: connect: connection refused"',
      'Error from server (InternalError): error when creating "model.yaml": Internal error occurred: failed calling webhook "v1.vseldondeployment.kb.io": Post "https://seldon-webhook-service.seldon-system.svc:443/validate?timeout=30s": x509: certificate signed by unknown authority',
      'MountVolume.SetUp failed for volume "creds" : secret "seldon-init-container-secret" not found',
      'level=error msg="Reconciler error" error="invalid token" controller=seldondeployment',
      "rpc error: code = PermissionDenied desc = authorization: permission denied",
      "401 Unauthorized: Bearer authentication required",
      "mlserver.errors.ModelNotFound: Model iris-3f9c2a7b with version 1 not found",
      "Environment with hash '5d41402abc4b2a76b9719d911017c592' was not found for model 'sklearn'",
      "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 broke the build",
      "pod/mlserver-0-7d9f8c6b5-x2kqz   0/2   CrashLoopBackOff   5 (2m ago)",
      'FATAL: password authentication failed for user "postgres"',
      "ValueError: max_tokens=512 exceeds the model limit of 256 (tokenizer=gpt2)",
      "KeyError: 'secretName' while reading storage spec",
      "upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error",
      'Get "http://10.0.0.12:9000/models/iris?versionId=3": context deadline exceeded',
      "E1126 12:00:00.000000       1 leaderelection.go:330] error retrieving resource lock seldon-system/a33bd623.machinelearning.seldon.io",
      "TypeError: Object of type float32 is not JSON serializable",
      "failed to refresh token: oauth2: cannot fetch token: 400 Bad Request",
      "- password-file: /etc/secret/pw",
    ];
    for (const line of lines) expect(redactSecrets(line)).toBe(line);
  });
});
