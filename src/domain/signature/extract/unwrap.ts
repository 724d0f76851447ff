import { stripExceptionModules, unwrapNested } from "./exceptions";

// Clauses that kubectl, helm and the Seldon agent put around the error they relay. They say how
// the error travelled, not what it is, and differ between wrappers of one failure.
const WRAPPERS = [
  /^Error:\s+/,
  /^(?:UPGRADE|INSTALLATION) FAILED:\s+/,
  /^failed to create resource:\s+/,
  /^unable to build kubernetes objects from release manifest:\s+/,
  /^resource mapping not found for name: \S+ namespace: \S* from "[^"]*":\s+/,
  /^unable to recognize "[^"]*":\s+/,
  /^error (?:when|while) (?:creating|applying|patching|replacing|deleting|retrieving current configuration of)[^:]*?:\s+/,
  /^error validating "[^"]*":\s+/,
  /^Internal error occurred:\s+/,
];

const ENVOY_BODY =
  /(upstream connect error or disconnect\/reset before headers\..*|no healthy upstream|upstream request timeout)$/;
const GRPC = /\brpc error: code = (\w+) desc = (.*)$/;
const INNER_ERROR = /^.*?(?::\s|\s:\s)((?:Failed to|Unable to|Could not|Cannot|Error:) .*)$/;

// Some relays quote the whole error: `Error "<error>" for field "<field>"`.
const QUOTED_ERROR = /^Error "(.*)" for field "[^"]*"\.?$/;

function stripWrappers(message: string): string {
  let out = QUOTED_ERROR.exec(message)?.[1] ?? message;
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of WRAPPERS) {
      const next = out.replace(re, "");
      if (next !== out && next.trim() !== "") {
        out = next;
        changed = true;
      }
    }
  }
  return out;
}

// A gRPC status whose description is itself a full error reports that error; a short generic
// description ("connection error") only means something together with its code.
function unwrapGrpc(message: string): string {
  const m = GRPC.exec(message);
  if (!m?.[2]) return message;
  const desc = m[2].trim();
  const words = desc.split(/\s+/).length;
  return words >= 4 || /^[A-Z]\w*(?:Error|Exception)\b/.test(desc) ? desc : message;
}

// The innermost capitalised error clause of a chain ("…, retrying in 5s: Failed to create …").
function innerClause(message: string): string {
  const m = INNER_ERROR.exec(message);
  if (!m?.[1]) return message;
  return m[1].split(/\s+/).length >= 4 ? m[1] : message;
}

export function unwrapMessage(message: string): string {
  // Go 1.20+ prefixes x509 errors with this clause; older releases print the x509 error alone.
  let out = unwrapNested(stripExceptionModules(message.trim())).replace(
    /tls: failed to verify certificate: (?=x509:)/g,
    "",
  );
  for (let i = 0; i < 4; i++) {
    const before = out;
    out = stripWrappers(out);
    const envoy = ENVOY_BODY.exec(out);
    if (envoy?.[1]) out = envoy[1];
    out = unwrapNested(innerClause(unwrapGrpc(out)));
    if (out === before) break;
  }
  return out;
}
