// Realistic log noise to bury an error in (deterministic: line i of a style is always the same):
// Go services in logfmt, Python servers' access and INFO lines, kubectl output.
const MODELS = ["iris", "income", "mnist-onnx", "tfsimple1", "churn", "fraud-xgb"];

function goLine(i: number): string {
  const m = MODELS[i % MODELS.length];
  const ts = `2025-03-0${(i % 9) + 1}T10:${String(i % 60).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}Z`;
  const msgs = [
    `level=info msg="Reconciling model" model=${m} generation=${i}`,
    `level=info msg="Model loaded" model=${m} server=mlserver-0 replicas=1`,
    `level=debug msg="Received health check" source=envoy latency=${i % 30}ms`,
    `level=info msg="Updated pipeline status" pipeline=${m}-pipeline state=Ready`,
  ];
  return `time="${ts}" ${msgs[i % msgs.length]}`;
}

function pythonLine(i: number): string {
  const lines = [
    `INFO:     10.4.${i % 250}.${(i * 3) % 250}:5${String(i % 1000).padStart(4, "0")} - "GET /v2/health/ready HTTP/1.1" 200 OK`,
    `2025-03-01 10:00:${String(i % 60).padStart(2, "0")},${String(i % 1000).padStart(3, "0")} [mlserver] INFO - Loaded model '${MODELS[i % MODELS.length]}' successfully.`,
    `INFO:     10.4.0.${i % 250}:4${String(i % 1000).padStart(4, "0")} - "POST /v2/models/${MODELS[i % MODELS.length]}/infer HTTP/1.1" 200 OK`,
    `2025-03-01 10:01:${String(i % 60).padStart(2, "0")},000 [uvicorn.access] INFO - request served in ${i % 90} ms`,
  ];
  return lines[i % lines.length] ?? "";
}

function kubectlLine(i: number): string {
  const m = MODELS[i % MODELS.length];
  const lines = [
    `${m}-default-0-model-6d9f8c7b5-${String(10000 + i).slice(-5)}   2/2     Running   0          ${i % 50}m`,
    `  Normal  Pulled     ${i % 60}s   kubelet  Container image "seldonio/mlserver:1.3.5" already present on machine`,
    `  Normal  Scheduled  ${i % 60}s   default-scheduler  Successfully assigned seldon/${m}-0 to node-${i % 5}`,
    `  Normal  Started    ${i % 60}s   kubelet  Started container ${m}`,
  ];
  return lines[i % lines.length] ?? "";
}

const STYLES = { go: goLine, python: pythonLine, kubectl: kubectlLine } as const;
export type NoiseStyle = keyof typeof STYLES;

/** `before` noise lines, the error, then `after` noise lines. */
export function buryInNoise(error: string, style: NoiseStyle, before: number, after: number): string {
  const line = STYLES[style];
  const lines: string[] = [];
  for (let i = 0; i < before; i++) lines.push(line(i));
  lines.push(error);
  for (let i = 0; i < after; i++) lines.push(line(before + i + 1));
  return lines.join("\n");
}
