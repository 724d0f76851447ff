// Error families seen in MLServer issues, some of them in seldon-core issues too (repo "both").
import { type Family, goLog, MLSERVER, mlserverStartup, plain, pod, pyApp, SITE } from "./family-kit";
import { pyGrpcError, pyTime } from "./wrappers";

export const MLSERVER_FAMILIES: Family[] = [
  {
    key: "crashloopbackoff",
    repo: "both",
    titles: [
      "Pod in CrashLoopBackOff",
      "Model pod keeps restarting (CrashLoopBackOff)",
      "CrashLoopBackOff after upgrade",
    ],
    render: [
      (c) =>
        plain([
          `$ kubectl get pods -n ${c.ns}`,
          "NAME                                              READY   STATUS             RESTARTS        AGE",
          `${pod(c.rng, `${c.model}-default-0-classifier`).padEnd(49)} 1/2     CrashLoopBackOff   ${c.rng.int(3, 80)} (${c.rng.int(5, 59)}s ago)   ${c.rng.int(2, 50)}m`,
          `${pod(c.rng, "seldon-controller-manager").padEnd(49)} 1/1     Running            0               ${c.rng.int(1, 9)}d`,
        ]),
      (c) =>
        plain([
          `  Warning  BackOff    ${c.rng.int(1, 59)}s (x${c.rng.int(5, 90)} over ${c.rng.int(6, 50)}m)  kubelet  Back-off restarting failed container`,
        ]),
    ],
  },
  {
    key: "oomkilled",
    repo: "both",
    titles: [
      "Pod OOMKilled when loading model",
      "MLServer killed with exit code 137",
      "Container OOMKilled with large model",
    ],
    render: [
      (c) =>
        plain([
          `$ kubectl describe pod ${pod(c.rng, `${c.model}-default-0-classifier`)} -n ${c.ns}`,
          "    Last State:     Terminated",
          "      Reason:       OOMKilled",
          "      Exit Code:    137",
          `      Started:      ${new Date(c.epoch * 1000).toUTCString()}`,
        ]),
      (c) =>
        plain([
          `$ kubectl get pods -n ${c.ns}`,
          "NAME                         READY   STATUS      RESTARTS   AGE",
          `${pod(c.rng, "mlserver").padEnd(28)} 0/1     OOMKilled   ${c.rng.int(1, 20)}          ${c.rng.int(2, 50)}m`,
        ]),
    ],
  },
  {
    key: "readiness-probe-503",
    repo: "both",
    titles: ["Readiness probe failed with statuscode 503", "Pod never becomes ready: readiness probe 503"],
    render: [
      (c) =>
        plain([
          `  Warning  Unhealthy  ${c.rng.int(1, 59)}s (x${c.rng.int(2, 90)} over ${c.rng.int(2, 30)}m)  kubelet  Readiness probe failed: HTTP probe failed with statuscode: 503`,
        ]),
    ],
  },
  {
    key: "grpc-message-too-large",
    repo: "both",
    titles: [
      "received message larger than max",
      "ResourceExhausted for large image payload",
      "gRPC inference fails for big tensors",
    ],
    render: [
      (c) => {
        const max = c.rng.pick([4194304, 104857600]);
        return goLog(
          c,
          "error",
          "Failed proxying request",
          `rpc error: code = ResourceExhausted desc = grpc: received message larger than max (${max + c.rng.int(1, 9000000)} vs. ${max})`,
        );
      },
      (c) =>
        plain([
          `Error: rpc error: code = ResourceExhausted desc = grpc: received message larger than max (${c.rng.int(4194305, 9999999)} vs. 4194304)`,
        ]),
    ],
  },
  {
    key: "mlserver-module-not-found",
    repo: "both",
    titles: [
      "WorkerError: ModuleNotFoundError when loading custom runtime",
      "No module named error with custom model",
      "Custom environment tarball: module not found",
    ],
    render: [
      (c) =>
        mlserverStartup(
          c,
          `mlserver.parallel.errors.WorkerError: builtins.ModuleNotFoundError: No module named '${c.rng.pick(["xgboost", "lightgbm", "my_model", "torch", "sklearn", "transformers"])}'`,
        ),
      (c) =>
        goLog(
          c,
          "error",
          "Failed to handle load model",
          `rpc error: code = Internal desc = builtins.ModuleNotFoundError: No module named '${c.rng.pick(["xgboost", "lightgbm", "my_model"])}'`,
        ),
    ],
  },
  {
    key: "mlserver-pydantic-basesettings",
    repo: MLSERVER,
    titles: ["cannot import name 'BaseSettings' from 'pydantic'", "MLServer fails to start with pydantic 2"],
    render: [
      (c) =>
        mlserverStartup(
          c,
          `ImportError: cannot import name 'BaseSettings' from 'pydantic' (${SITE(c.rng.pick(["3.9", "3.10", "3.11"]))}/pydantic/__init__.py)`,
        ),
    ],
  },
  {
    key: "json-not-serializable",
    repo: "both",
    titles: [
      "Object of type ndarray is not JSON serializable",
      "TypeError: not JSON serializable in predict",
      "Returning numpy types fails",
    ],
    render: [
      (c) =>
        pyApp(
          c,
          `TypeError: Object of type ${c.rng.pick(["ndarray", "int64", "float32", "Timestamp", "bytes"])} is not JSON serializable`,
        ),
    ],
  },
  {
    key: "mlserver-model-not-found",
    repo: MLSERVER,
    titles: ["404 Model not found on /v2/models/infer", "Model not found after loading from repository"],
    render: [
      (c) =>
        plain(
          [
            `INFO:     ${c.rng.ip()}:${c.rng.int(30000, 65000)} - "POST /v2/models/${c.model}/infer HTTP/1.1" 404 Not Found`,
            `{"error":"Model ${c.model} not found"}`,
          ],
          "uvicorn",
        ),
      (c) => plain(pyGrpcError(c.rng, "NOT_FOUND", `Model ${c.model} not found`, c.epoch)),
    ],
  },
  {
    key: "mlserver-worker-stopped",
    repo: MLSERVER,
    titles: [
      "Worker stopped unexpectedly with exit code",
      "Parallel worker keeps restarting",
      "Inference worker crashes silently",
    ],
    render: [
      (c) =>
        plain(
          [
            `${pyTime(c.epoch, c.rng.int(0, 999))} [mlserver.parallel] WARNING - Worker with PID ${c.rng.int(40, 9000)} on ${c.rng.pick(["default", c.model])} stopped unexpectedly with exit code ${c.rng.pick([137, 139, 1, -9])}. Triggering worker restart...`,
          ],
          "mlserver",
        ),
    ],
  },
  {
    key: "mlserver-env-hash-not-found",
    repo: MLSERVER,
    titles: ["Environment with hash was not found for model", "Custom environment not found after restart"],
    render: [
      (c) =>
        plain(
          [
            `${pyTime(c.epoch, c.rng.int(0, 999))} [mlserver] ERROR - Environment with hash '${c.rng.hex(64)}' was not found for model '${c.model}'`,
          ],
          "mlserver",
        ),
    ],
  },
];
