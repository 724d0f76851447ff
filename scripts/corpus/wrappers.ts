// The wrappers users paste errors in (see shared/SELDON-ERRORS.md "Formats users paste"). Every
// helper takes the values it prints, so the same error can be rendered in several wrappers.
import type { Rng } from "./prng";

const pad2 = (n: number) => String(n).padStart(2, "0");

function parts(epoch: number) {
  const d = new Date(Math.floor(epoch) * 1000);
  return {
    y: d.getUTCFullYear(),
    mo: pad2(d.getUTCMonth() + 1),
    d: pad2(d.getUTCDate()),
    h: pad2(d.getUTCHours()),
    mi: pad2(d.getUTCMinutes()),
    s: pad2(d.getUTCSeconds()),
  };
}

export const iso = (epoch: number) => new Date(Math.floor(epoch) * 1000).toISOString().replace(".000Z", "Z");
export function pyTime(epoch: number, ms: number): string {
  const p = parts(epoch);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s},${String(ms).padStart(3, "0")}`;
}
export function slashTime(epoch: number): string {
  const p = parts(epoch);
  return `${p.y}/${p.mo}/${p.d} ${p.h}:${p.mi}:${p.s}`;
}
export function klog(level: "E" | "I" | "W", epoch: number, micros: number, file: string): string {
  const p = parts(epoch);
  return `${level}${p.mo}${p.d} ${p.h}:${p.mi}:${p.s}.${String(micros).padStart(6, "0")}       1 ${file}]`;
}

const jsonStr = (s: string) => JSON.stringify(s);

export interface ZapFields {
  level: "info" | "error" | "debug" | "warn";
  ts: number;
  logger: string;
  msg: string;
  error?: string;
  extra?: Record<string, string | number>;
  stacktrace?: boolean;
}

export function zap(f: ZapFields): string {
  let line = `{"level":"${f.level}","ts":${f.ts.toFixed(4)},"logger":${jsonStr(f.logger)},"msg":${jsonStr(f.msg)}`;
  for (const [k, v] of Object.entries(f.extra ?? {})) line += `,${jsonStr(k)}:${jsonStr(String(v))}`;
  if (f.error !== undefined) line += `,"error":${jsonStr(f.error)}`;
  if (f.stacktrace) {
    line += `,"stacktrace":"github.com/go-logr/zapr.(*zapLogger).Error\\n\\t/go/pkg/mod/github.com/go-logr/zapr@v0.2.0/zapr.go:132\\nsigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler\\n\\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.8.3/pkg/internal/controller/controller.go:302"`;
  }
  return `${line}}`;
}

const logfmtValue = (v: string) =>
  /^[\w./:-]+$/.test(v) ? v : `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

export function logfmt(f: {
  ts: number;
  level: "info" | "error" | "warning" | "debug";
  msg: string;
  error?: string;
  extra?: Record<string, string | number>;
}): string {
  let line = `time="${iso(f.ts)}" level=${f.level} msg=${logfmtValue(f.msg)}`;
  if (f.error !== undefined) line += ` error=${logfmtValue(f.error)}`;
  for (const [k, v] of Object.entries(f.extra ?? {})) line += ` ${k}=${logfmtValue(String(v))}`;
  return line;
}

/** Lines as copied out of a k9s log view, with its box borders. */
export function k9s(lines: string[]): string[] {
  const width = Math.max(100, ...lines.map((l) => l.length));
  return lines.map((l) => `│ ${l.padEnd(width)} │`);
}

export interface Frame {
  file: string;
  line: number;
  fn: string;
  code: string;
}

export function traceback(frames: Frame[], last: string[]): string[] {
  const out = ["Traceback (most recent call last):"];
  for (const f of frames) out.push(`  File "${f.file}", line ${f.line}, in ${f.fn}`, `    ${f.code}`);
  return [...out, ...last];
}

export function pyGrpcError(rng: Rng, code: string, details: string, epoch: number): string[] {
  return [
    "grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:",
    `\tstatus = StatusCode.${code}`,
    `\tdetails = "${details}"`,
    `\tdebug_error_string = "{"created":"@${epoch}.${rng.int(100000000, 999999999)}","description":"Error received from peer ipv4:${rng.ip()}:${rng.pick([8081, 9000, 9500])}","file":"src/core/lib/surface/call.cc","file_line":${rng.int(900, 1100)},"grpc_message":"${details.replace(/"/g, '\\"')}","grpc_status":${rng.int(2, 14)}}"`,
    ">",
  ];
}

export function curlVerbose(
  rng: Rng,
  o: {
    host: string;
    path: string;
    status: string;
    server: string;
    body: string;
    epoch: number;
    method?: string;
  },
): string[] {
  const ip = rng.ip();
  const len = o.body.length;
  return [
    `$ curl -v -X ${o.method ?? "POST"} http://${o.host}${o.path} -H "Content-Type: application/json" -d @payload.json`,
    `*   Trying ${ip}:80...`,
    `* Connected to ${o.host} (${ip}) port 80 (#0)`,
    `> ${o.method ?? "POST"} ${o.path} HTTP/1.1`,
    `> Host: ${o.host}`,
    "> User-Agent: curl/7.81.0",
    "> Accept: */*",
    "> Content-Type: application/json",
    `> Content-Length: ${rng.int(40, 900)}`,
    ">",
    `< HTTP/1.1 ${o.status}`,
    `< content-length: ${len}`,
    "< content-type: text/plain",
    `< date: ${new Date(Math.floor(o.epoch) * 1000).toUTCString()}`,
    `< server: ${o.server}`,
    "<",
    `* Connection #0 to host ${o.host} left intact`,
    o.body,
  ];
}

/** INFO-level lines in the style of the component that produced the error, to bury it among. */
export function infoNoise(rng: Rng, style: NoiseStyle, epoch: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = epoch - (count - i) * rng.int(1, 9);
    const msg = rng.pick(NOISE_MESSAGES[style]);
    if (style === "zap")
      out.push(zap({ level: "info", ts: t + rng.next(), logger: rng.pick(ZAP_LOGGERS), msg }));
    else if (style === "logfmt")
      out.push(logfmt({ ts: t, level: "info", msg, extra: { func: rng.pick(FUNCS) } }));
    else if (style === "mlserver") out.push(`${pyTime(t, rng.int(0, 999))} [mlserver] INFO - ${msg}`);
    else out.push(`INFO:     ${rng.ip()}:${rng.int(30000, 65000)} - "${msg}" 200 OK`);
  }
  return out;
}

export type NoiseStyle = "zap" | "logfmt" | "mlserver" | "uvicorn";
const ZAP_LOGGERS = [
  "controller-runtime.manager",
  "SeldonRestApi",
  "entrypoint",
  "controller.seldondeployment",
];
const FUNCS = ["StartService", "Load", "processServerEvents", "handleModelEvent", "Sync"];
const NOISE_MESSAGES: Record<NoiseStyle, string[]> = {
  zap: [
    "Starting workers",
    "Starting EventSource",
    "Listening",
    "Reconciling",
    "Starting Controller",
    "Ready",
  ],
  logfmt: [
    "Received model event",
    "Starting to sync",
    "Updating model status",
    "Connected to scheduler",
    "Processed event",
  ],
  mlserver: [
    "Loaded model successfully",
    "HTTP server running on http://0.0.0.0:8080",
    "Metrics server running on http://0.0.0.0:8082",
    "gRPC server running on http://0.0.0.0:8081",
    "Environment tarball extracted",
  ],
  uvicorn: [
    "GET /v2/health/ready HTTP/1.1",
    "GET /v2/health/live HTTP/1.1",
    "POST /v2/models/iris/infer HTTP/1.1",
  ],
};
