import { describe, expect, it } from "vitest";
import { chainSuffixes, splitChain } from "../../../src/domain/evidence/chain";
import { lineFeatures } from "../../../src/domain/evidence/features";

const clauses = (t: string) => splitChain(t).clauses;
const templates = (t: string) => lineFeatures(t).map((f) => f.template);

describe("splitChain reads an error chain as its clauses, outermost first", () => {
  it("splits Go's wrapped errors, gRPC descriptions and `because`", () => {
    expect(
      clauses("reconcile failed: load model <*>: rpc error: code = Unavailable desc = broken upstream"),
    ).toEqual(["reconcile failed", "load model <*>", "rpc error", "code = Unavailable", "broken upstream"]);
    expect(clauses("scheduling failed because no server could host it")).toEqual([
      "scheduling failed",
      "no server could host it",
    ]);
  });

  it("hands over to the inner error of a JSON fragment quoted in prose or a log line", () => {
    const line =
      'Probe of the transformer keeps failing with "error":"dial tcp <*>: connect: connection refused"';
    expect(clauses(line)).toEqual([
      "Probe of the transformer keeps failing with",
      "dial tcp <*>",
      "connect",
      "connection refused",
    ]);
    expect(templates(line)).toContain("dial tcp <*>: connect: connection refused");
    expect(clauses('agent stopped, "reason": "out of disk on <*>"')).toEqual([
      "agent stopped",
      "out of disk on <*>",
    ]);
  });

  it("keeps breaks inside parentheses as detail", () => {
    expect(
      clauses('x509: certificate is not valid (possibly because of "crypto/rsa: verification error")'),
    ).toEqual(["x509", 'certificate is not valid (possibly because of "crypto/rsa: verification error")']);
  });

  it("lists the suffixes innermost first, marking the whole chain", () => {
    const suffixes = chainSuffixes(splitChain("upgrade failed: webhook <*> denied: quota exceeded"));
    expect(suffixes.map((s) => [s.text, s.depth, s.whole])).toEqual([
      ["quota exceeded", 1, false],
      ["webhook <*> denied: quota exceeded", 2, false],
      ["upgrade failed: webhook <*> denied: quota exceeded", 3, true],
    ]);
  });
});
