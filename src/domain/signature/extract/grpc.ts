// Python clients print `StatusCode.UNAVAILABLE` + `details = "..."`; Go prints
// `rpc error: code = Unavailable desc = ...`. Rewriting the Python form into the Go one lets both
// sides of one failure share a template.
export function grpcStatusMessage(code: string, details: string): string {
  const camel = code
    .toLowerCase()
    .split("_")
    .map((w) => (w ? w[0]?.toUpperCase() + w.slice(1) : w))
    .join("");
  return `rpc error: code = ${camel} desc = ${details}`;
}

const INACTIVE_ONE_LINE = /status = StatusCode\.(\w+)[\s\S]*?details = "((?:[^"\\]|\\.)*)"/;

export function parseInactiveRpc(text: string): string | null {
  const m = INACTIVE_ONE_LINE.exec(text);
  if (!m?.[1]) return null;
  return grpcStatusMessage(m[1], (m[2] ?? "").replace(/\\"/g, '"'));
}

// debug_error_string carries timestamps and peer addresses only.
export function dropGrpcDebug(message: string): string {
  return message.replace(/,?\s*debug_error_string = "(?:[^"\\]|\\.)*"/g, "").replace(/\s*>$/, "");
}
