import { describe, expect, it } from "vitest";
import { extractErrorLines } from "../../../src/domain/signature/index";
import { fixture } from "./fixtures";

function best(text: string) {
  const line = extractErrorLines(text)[0];
  if (!line) throw new Error("no error line extracted");
  return line;
}

describe("extractErrorLines on pasted formats", () => {
  it("takes msg and error from a zap JSON line and drops ts, caller and stacktrace", () => {
    const line = best(fixture("zap-operator.log"));
    expect(line.format).toBe("json");
    expect(line.message).toBe("Ready check failed: dial tcp 127.0.0.1:9000: connect: connection refused");
  });

  it("unwraps a klog line carried inside a JSON envelope", () => {
    const line = best(fixture("zap-klog.log"));
    expect(line.format).toBe("json+klog");
    expect(line.message).toMatch(/^error retrieving resource lock .*: context deadline exceeded$/);
  });

  it("reads logfmt with escaped quotes through k9s borders and skips the INFO line", () => {
    const lines = extractErrorLines(fixture("logfmt-k9s.log"));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.format).toBe("logfmt");
    // The gRPC description is a full error, so it is the signature; the outer log message is context.
    expect(lines[0]?.message).toMatch(
      /^connection error: desc = "transport: Error while dialing .*connection refused"$/,
    );
  });

  it("strips klog and Python logging prefixes", () => {
    expect(
      best("E0117 08:14:24.662357       1 reflector.go:138] Failed to watch *v1.Pod: unauthorized").message,
    ).toBe("Failed to watch *v1.Pod: unauthorized");
    const py = best("2024-06-11 14:31:10,008 [mlserver.grpc] ERROR - Model 'iris' not ready");
    expect(py).toMatchObject({ format: "python-logging", message: "Model 'iris' not ready" });
  });

  it("prefers the exception wrapped in WorkerError over the startup umbrella message", () => {
    const lines = extractErrorLines(fixture("mlserver-worker.log"));
    expect(lines[0]?.message).toBe("AttributeError: 'NoneType' object has no attribute 'predict'");
    expect(lines.map((l) => l.message)).toContain("Some of the models failed to load during startup!");
    expect(lines.some((l) => l.message.includes("Starting response processing loop"))).toBe(false);
  });

  it("takes the final Type: message line of a traceback, not its frames", () => {
    const lines = extractErrorLines(fixture("python-traceback.txt"));
    expect(lines.map((l) => l.message)).toEqual(["ModuleNotFoundError: No module named 'tensorflow_addons'"]);
  });

  it("rewrites a Python _InactiveRpcError into the Go status form and drops debug_error_string", () => {
    const lines = extractErrorLines(fixture("grpc-python-client.txt"));
    expect(lines[0]?.message).toMatch(
      /^rpc error: code = Unavailable desc = failed to connect to all addresses/,
    );
    expect(
      lines.some((l) => l.message.includes("debug_error_string") || l.message.includes("grpc_status")),
    ).toBe(false);
  });

  it("unwraps a gRPC status whose description is an exception, so client and server sides match", () => {
    const text =
      "Failed to handle load model: rpc error: code = Internal desc = builtins.ModuleNotFoundError: No module named 'foo'";
    expect(best(text).message).toBe("ModuleNotFoundError: No module named 'foo'");
  });

  it("keeps a gRPC status with a short generic description whole, code included", () => {
    const text = "rpc error: code = Unavailable desc = connection error";
    expect(best(text).message).toBe(text);
  });

  it("strips kubectl's generic wrapper so the webhook error matches the operator's log", () => {
    const line = best(fixture("kubectl-webhook.txt"));
    expect(line.format).toBe("kubectl");
    expect(line.message).toMatch(/^failed calling webhook "v1\.vseldondeployment\.kb\.io": Post /);
  });

  it("reads warning events and failing pod rows, ignoring Normal events and running pods", () => {
    const lines = extractErrorLines(fixture("kubectl-pods-events.txt"));
    const messages = lines.map((l) => l.message);
    expect(messages[0]).toBe("Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503");
    expect(messages).toContain("pod status CrashLoopBackOff");
    expect(messages.some((m) => m.includes("Pulled") || m.includes("Running"))).toBe(false);
  });

  it("reads failing pod rows from kubectl get pods -A and -o wide as it reads the plain listing", () => {
    const plain = "mnist-default-0-model-5d8c7b9f4-q7w2e   0/2     CrashLoopBackOff   12 (3m ago)   40m";
    const allNamespaces = `ml-serving   ${plain}`;
    const wide = `${plain}   10.244.1.7   worker-2   <none>   <none>`;
    for (const line of [plain, allNamespaces, wide]) {
      expect(best(line)).toMatchObject({ message: "pod status CrashLoopBackOff", format: "kubectl-pod" });
    }
    expect(best(`kube-system   ${plain.replace("CrashLoopBackOff", "ImagePullBackOff")}`).message).toBe(
      "pod status ImagePullBackOff",
    );
  });

  it("reads a terminated container's exit code from kubectl describe", () => {
    const describe = (code: number) =>
      `    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    ${code}\n      Started:      Tue, 03 Mar 2026 10:00:00 +0000`;
    expect(extractErrorLines(describe(137)).map((l) => l.message)).toContain("container exit code 137");
    expect(extractErrorLines(describe(0)).map((l) => l.message)).not.toContain("container exit code 0");
  });

  it("reads the error fields of a pretty-printed JSON body, one line each", () => {
    const body = [
      "{",
      '  "code": 500,',
      '  "info": "Failed to reach the scorer after 5 attempts",',
      '  "reason": "Upstream error",',
      '  "status": "FAILURE"',
      "}",
    ].join("\n");
    expect(best(body)).toMatchObject({
      message: "Failed to reach the scorer after 5 attempts",
      format: "json-field",
    });
    expect(best('{\n  "error": "Pipeline churn not ready"\n}')).toMatchObject({
      message: "Pipeline churn not ready",
      severity: 4,
    });
    expect(extractErrorLines('{\n  "message": "Server started",\n  "port": 8080\n}')).toEqual([]);
  });

  it("reads a Python exception whose class has no Error suffix, with or without a fence", () => {
    const trace = [
      "Traceback (most recent call last):",
      '  File "/srv/venv/lib/python3.10/site-packages/gadgets/loader.py", line 88, in load',
      "    raise ModelMissing(name, path)",
      "gadgets.errors.ModelMissing: No artefact found for model churn under /mnt/models/churn",
    ].join("\n");
    for (const text of [trace, `\`\`\`\n${trace}\n\`\`\``]) {
      expect(best(text)).toMatchObject({
        message: "ModelMissing: No artefact found for model churn under /mnt/models/churn",
        format: "exception",
      });
    }
    expect(extractErrorLines("settings.yaml: Value is fine")).toEqual([]);
  });

  it("reads a message quoted in a sentence when its words say error, and not an apostrophe", () => {
    const lines = extractErrorLines(
      "our calls to the scorer time out with 'upstream request timeout' from the mesh",
    );
    expect(lines.map((l) => l.message)).toContain("upstream request timeout");
    expect(extractErrorLines("I can't tell why the 'blue-green' rollout isn't picked up")).toEqual([]);
  });

  it("reads OOMKilled from kubectl describe", () => {
    expect(
      best("    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137").message,
    ).toBe("pod status OOMKilled");
  });

  it("ranks an envoy body above the curl status line it came with", () => {
    const lines = extractErrorLines(fixture("curl-envoy.txt"));
    expect(lines[0]).toMatchObject({ format: "envoy" });
    expect(lines[0]?.message).toMatch(/^upstream connect error or disconnect\/reset before headers/);
    expect(lines[1]?.message).toBe("HTTP 503 Service Unavailable");
    expect(best("no healthy upstream").format).toBe("envoy");
  });

  it("reads rclone lines after their date prefix", () => {
    const line = best(fixture("rclone.log"));
    expect(line).toMatchObject({ format: "rclone" });
    expect(line.message).toMatch(/^Failed to create file system for "s3:\/\/my-bucket\/models\/iris"/);
  });

  it("reads librdkafka %3|...|FAIL| lines", () => {
    const line = best(fixture("librdkafka.log"));
    expect(line.format).toBe("librdkafka");
    expect(line.message).toMatch(/^Failed to resolve 'kafka:9092': Name or service not known/);
  });

  it("takes info from Seldon JSON error bodies and Python dict reprs", () => {
    expect(best(fixture("seldon-json-body.txt")).message).toMatch(/^Unknown data type returned as payload/);
    const java =
      '{"code": 103, "info": "Unknown model name", "reason": "Microservice error", "status": "FAILURE"}';
    expect(best(java).message).toBe("Unknown model name");
    const dict =
      "2021-01-01 10:00:00,000 - seldon_core.wrapper:handle_generic_exception:53 - ERROR:  {'status': {'status': 1, 'info': 'bad input shape', 'code': -1, 'reason': 'MICROSERVICE_BAD_DATA'}}";
    expect(best(dict).message).toBe("bad input shape");
  });

  it("takes the Java exception on the line after the log line", () => {
    const lines = extractErrorLines(fixture("java-engine.log"));
    expect(lines[0]?.message).toBe("StatusRuntimeException: UNAVAILABLE: io exception");
    expect(lines.some((l) => l.message.startsWith("at "))).toBe(false);
  });

  it("reads gunicorn WORKER TIMEOUT and ignores its INFO lines", () => {
    const lines = extractErrorLines(fixture("gunicorn.log"));
    expect(lines.map((l) => l.message)).toEqual(["WORKER TIMEOUT (pid:64)"]);
  });
});
