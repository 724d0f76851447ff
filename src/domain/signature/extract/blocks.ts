import { grpcStatusMessage } from "./grpc";

export interface CandidateLine {
  raw: string;
  inCode: boolean;
  index: number;
  // Set when several physical lines were folded into one message (the Python gRPC error).
  message?: string;
}

function isIndentedCode(line: string): boolean {
  return /^(?: {4}|\t)/.test(line) && line.trim() !== "";
}

// Python's _InactiveRpcError spans lines: `status = StatusCode.X`, then `details = "..."`.
function foldGrpcStatus(lines: string[], i: number): string | undefined {
  const status = /status = StatusCode\.(\w+)/.exec(lines[i] ?? "");
  if (!status?.[1]) return undefined;
  for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
    const details = /details = "((?:[^"\\]|\\.)*)"/.exec(lines[j] ?? "");
    if (details) return grpcStatusMessage(status[1], (details[1] ?? "").replace(/\\"/g, '"'));
  }
  return undefined;
}

export function splitCandidates(text: string): CandidateLine[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: CandidateLine[] = [];
  let fenced = false;
  lines.forEach((raw, index) => {
    if (/^\s*(```|~~~)/.test(raw)) {
      fenced = !fenced;
      return;
    }
    if (raw.trim() === "") return;
    const inCode = fenced || isIndentedCode(raw);
    const message = foldGrpcStatus(lines, index);
    out.push(message ? { raw, inCode, index, message } : { raw, inCode, index });
  });
  return out;
}
