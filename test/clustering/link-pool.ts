// Error lines that share features in every way linking knows, for the link property tests
// (local-link.test.ts, paged-link.test.ts).
import fc from "fast-check";

// Lines that share features in every way linking knows: the same error with other values, the end
// of one chain inside another, a near rewording, a quoted and an unquoted spelling, cut lines.
const POOL = [
  (v: number) =>
    `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 10.0.${v}.1:9000: connect: connection refused"`,
  (v: number) => `dial tcp 10.1.${v}.7:8080: connect: connection refused`,
  (v: number) => `ModuleNotFoundError: No module named 'mlserver_${["sklearn", "xgboost"][v % 2]}'`,
  (v: number) =>
    `Error from server (InternalError): error when creating "model-${v}.yaml": Internal error occurred: failed calling webhook "v1.vseldondeployment.kb.io": Post "https://seldon-webhook-service.seldon-system.svc:443/validate": x509: certificate signed by unknown authority`,
  () =>
    `Error from server (InternalError): error when creating "model.yaml": Internal error occurred: failed calling webhook "v1.vseldondeployment.kb.io": Post "https://seldon-webh`,
  () => "Failed to schedule model as no matching servers are available",
  () => "Failed to schedule the model as there are no matching servers available",
  (v: number) =>
    `Post "http://seldon-scheduler.seldon-mesh:${9000 + v}/v1/models": dial tcp: lookup seldon-scheduler on 10.96.0.10:53: no such host`,
  (v: number) =>
    `Post http://seldon-scheduler.seldon-mesh:${9000 + v}/v1/models: dial tcp: lookup seldon-scheduler on 10.96.0.10:53: no such host`,
  () => "ImportError: cannot import name 'Conversation' from 'transformers' (/usr/lib/python3/site-packages)",
  () => "ImportError: cannot import na",
  (v: number) => `ValueError: Expected 2D array, got 1D array instead: array=[${v}. 2. 3.]`,
  () => "configparser.NoSectionError: didn't find section in config file seldon.ini",
  () => "configparser.NoSectionError: didn't find the section in the config file seldon.ini",
];

/** A text of one to three pooled lines in a fence (the last one may be cut), or a question. */
export function textOf(lines: number[]): string {
  if (lines.length === 0) return "How do I set the replicas of a model? Thanks.";
  const body = lines.map((n) => POOL[n % POOL.length]!(Math.floor(n / POOL.length) % 3)).join("\n");
  return `We see this after the upgrade:\n\n\`\`\`\n${body}\n\`\`\``;
}

export const lines = fc.array(fc.nat(3 * POOL.length - 1), { maxLength: 3 });
