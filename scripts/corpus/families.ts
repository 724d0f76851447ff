// Error families of the synthetic corpus. Each renders one realistic paste of its error, with the
// variable parts (pods, IPs, ports, times, models, namespaces, sizes) drawn from the seeded PRNG and
// the wrapper chosen among the ones users really paste that error in. Values are made up; only the
// message formats follow Seldon/MLServer/Kubernetes/Envoy (see shared/SELDON-ERRORS.md).
import type { Rng } from "./prng";
import {
  curlVerbose,
  type Frame,
  iso,
  k9s,
  klog,
  logfmt,
  type NoiseStyle,
  pyGrpcError,
  pyTime,
  slashTime,
  traceback,
  zap,
} from "./wrappers";

export const CORE = "SeldonIO/seldon-core";
export const MLSERVER = "SeldonIO/MLServer";

export interface Ctx {
  rng: Rng;
  epoch: number;
  model: string;
  ns: string;
}

export interface Snippet {
  lines: string[];
  noise: NoiseStyle | null;
}

export interface Family {
  key: string;
  repo: typeof CORE | typeof MLSERVER | "both";
  titles: string[];
  render: ((c: Ctx) => Snippet)[];
}

const MODELS = [
  "iris",
  "income",
  "mnist-onnx",
  "sklearn-iris",
  "tfsimple1",
  "cifar10",
  "sentiment-bert",
  "fraud-xgb",
];
const NAMESPACES = ["seldon", "seldon-mesh", "default", "models", "ml-prod", "team-a", "seldon-system"];

export function makeCtx(rng: Rng, epoch: number): Ctx {
  const suffix = rng.chance(0.3) ? `-${rng.pick(["v2", "prod", "test", String(rng.int(1, 9))])}` : "";
  return { rng, epoch, model: `${rng.pick(MODELS)}${suffix}`, ns: rng.pick(NAMESPACES) };
}

const pod = (r: Rng, base: string) => `${base}-${r.kid(r.pick([9, 10]))}-${r.kid(5)}`;
const plain = (lines: string[], noise: NoiseStyle | null = null): Snippet => ({ lines, noise });
const yamlFile = (c: Ctx) =>
  c.rng.pick([`${c.model}.yaml`, "model.yaml", "sdep.yaml", `deploy/${c.model}.yaml`]);

function goLog(
  c: Ctx,
  level: "error" | "warning",
  msg: string,
  error: string | undefined,
  extra = {},
): Snippet {
  const line = logfmt({ ts: c.epoch, level, msg, error, extra });
  return c.rng.chance(0.35) ? plain(k9s([line]), null) : plain([line], "logfmt");
}

function webhook(cause: (c: Ctx) => string): ((c: Ctx) => Snippet)[] {
  const message = (c: Ctx) => {
    const prefix = c.rng.pick(["v1.", "v1alpha2.", "v1alpha3."]);
    const svc = `seldon-webhook-service.${c.ns}.svc:443`;
    return `Internal error occurred: failed calling webhook "${prefix}vseldondeployment.kb.io": Post "https://${svc}/validate-machinelearning-seldon-io-v1-seldondeployment?timeout=30s": ${cause(c)}`;
  };
  return [
    (c) => {
      const file = yamlFile(c);
      return plain([
        `$ kubectl apply -f ${file}`,
        `Error from server (InternalError): error when creating "${file}": ${message(c)}`,
      ]);
    },
    (c) => plain([`Error: UPGRADE FAILED: failed to create resource: ${message(c)}`]),
    (c) =>
      plain(
        [
          zap({
            level: "error",
            ts: c.epoch + c.rng.next(),
            logger: "controller-runtime.manager.controller.seldondeployment",
            msg: "Reconciler error",
            error: message(c),
            extra: { name: c.model, namespace: c.ns },
            stacktrace: c.rng.chance(0.5),
          }),
        ],
        "zap",
      ),
  ];
}

function noMatchesKind(kind: string, version: string, helm: boolean): ((c: Ctx) => Snippet)[] {
  return [
    (c) => {
      const file = yamlFile(c);
      return plain([
        `$ kubectl apply -f ${file}`,
        `error: unable to recognize "${file}": no matches for kind "${kind}" in version "${version}"`,
      ]);
    },
    (c) =>
      plain([
        `error: resource mapping not found for name: "${c.model}" namespace: "${c.ns}" from "${yamlFile(c)}": no matches for kind "${kind}" in version "${version}"`,
        "ensure CRDs are installed first",
      ]),
    ...(helm
      ? [
          (c: Ctx) =>
            plain([
              `$ helm install seldon-core seldon-core-operator --namespace ${c.ns}`,
              `Error: INSTALLATION FAILED: unable to build kubernetes objects from release manifest: resource mapping not found for name: "seldon-${c.rng.pick(["controller-manager", "webhook", "manager-role"])}" namespace: "" from "": no matches for kind "${kind}" in version "${version}"`,
            ]),
        ]
      : []),
  ];
}

const SITE = (py: string) => `/opt/conda/lib/python${py}/site-packages`;
function mlserverStartup(c: Ctx, last: string): Snippet {
  const py = c.rng.pick(["3.8", "3.9", "3.10", "3.11"]);
  const frames: Frame[] = [
    {
      file: `${SITE(py)}/mlserver/server.py`,
      line: c.rng.int(110, 130),
      fn: "start",
      code: "await asyncio.gather(",
    },
    {
      file: `${SITE(py)}/mlserver/registry.py`,
      line: c.rng.int(280, 300),
      fn: "load",
      code: "return await self._models[model_settings.name].load(model_settings)",
    },
    {
      file: `${SITE(py)}/mlserver/parallel/registry.py`,
      line: c.rng.int(150, 170),
      fn: "load_model",
      code: "await asyncio.gather(*load_responses)",
    },
  ];
  const t = c.epoch;
  return plain(
    [
      `${pyTime(t, c.rng.int(0, 999))} [mlserver.parallel] DEBUG - Starting response processing loop...`,
      `${pyTime(t + 1, c.rng.int(0, 999))} [mlserver] ERROR - Some of the models failed to load during startup!`,
      ...traceback(frames, [last]),
    ],
    "mlserver",
  );
}

function pyApp(c: Ctx, last: string): Snippet {
  const py = c.rng.pick(["3.7", "3.8", "3.9", "3.10"]);
  const frames: Frame[] = [
    {
      file: `${SITE(py)}/seldon_core/wrapper.py`,
      line: c.rng.int(60, 80),
      fn: "Predict",
      code: "response = seldon_core.seldon_methods.predict(user_model, requestJson)",
    },
    {
      file: `${SITE(py)}/seldon_core/seldon_methods.py`,
      line: c.rng.int(90, 120),
      fn: "predict",
      code: "return construct_response_json(user_model, False, request, client_response)",
    },
    {
      file: "/usr/lib/python3/json/encoder.py",
      line: 179,
      fn: "default",
      code: "raise TypeError(f'Object of type {o.__class__.__name__} '",
    },
  ];
  return plain(traceback(frames, [last]), "uvicorn");
}

const seldonCli = (c: Ctx, status: number, text: string) =>
  plain([
    `$ seldon model infer ${c.model} '{"inputs": [{"name": "predict", "shape": [1, 4], "datatype": "FP32", "data": [[1, 2, 3, 4]]}]}'`,
    `Error: V2 server error: ${status} ${text}`,
  ]);

export const FAMILIES: Family[] = [
  {
    key: "scheduler-no-matching-servers",
    repo: CORE,
    titles: [
      "Model stuck in ScheduleFailed: no matching servers are available",
      "Failed to schedule model after upgrading to 2.8",
      "Model not scheduled on custom MLServer server",
    ],
    render: [
      (c) =>
        goLog(c, "warning", "Failed to schedule model as no matching servers are available", undefined, {
          model: c.model,
          func: "scheduleToServer",
        }),
      (c) =>
        plain([
          `$ kubectl get model -n ${c.ns}`,
          "NAME       READY   DESIRED REPLICAS   AVAILABLE REPLICAS   AGE",
          `${c.model.padEnd(10)} False   1                                       ${c.rng.int(2, 59)}m`,
          `$ kubectl get model ${c.model} -n ${c.ns} -o jsonpath='{.status.conditions[0].message}'`,
          "Failed to schedule model as no matching servers are available",
        ]),
      (c) =>
        plain([
          `$ seldon model status ${c.model} -w ModelAvailable`,
          `Error: ScheduleFailed: Failed to schedule model as no matching servers are available`,
        ]),
    ],
  },
  {
    key: "scheduler-not-enough-replicas",
    repo: CORE,
    titles: [
      "Model with replicas: 3 fails to schedule",
      "no matching server had enough suitable replicas",
      "Scaling a model above server replicas fails",
    ],
    render: [
      (c) =>
        goLog(
          c,
          "warning",
          "Failed to schedule model as no matching server had enough suitable replicas",
          undefined,
          { model: c.model, replicas: c.rng.int(2, 6) },
        ),
      (c) =>
        plain([
          `$ seldon model status ${c.model}`,
          `{"modelName":"${c.model}","versions":[{"version":1,"state":{"state":"ScheduleFailed","reason":"Failed to schedule model as no matching server had enough suitable replicas"}}]}`,
        ]),
    ],
  },
  {
    key: "webhook-x509-unknown-authority",
    repo: CORE,
    titles: [
      "x509: certificate signed by unknown authority when creating SeldonDeployment",
      "Webhook TLS error after cert-manager upgrade",
      "Cannot apply SeldonDeployment: failed calling webhook",
    ],
    render: webhook(
      (c) =>
        (c.rng.chance(0.3) ? "tls: failed to verify certificate: " : "") +
        "x509: certificate signed by unknown authority",
    ),
  },
  {
    key: "webhook-connection-refused",
    repo: CORE,
    titles: [
      "failed calling webhook: connection refused",
      "SeldonDeployment creation fails right after operator install",
      "Webhook connection refused on EKS",
    ],
    render: webhook((c) => `dial tcp ${c.rng.ip()}:443: connect: connection refused`),
  },
  {
    key: "webhook-no-endpoints",
    repo: CORE,
    titles: [
      "no endpoints available for service seldon-webhook-service",
      "Webhook has no endpoints after helm install",
      "Deploy fails: failed calling webhook",
    ],
    render: webhook(() => 'no endpoints available for service "seldon-webhook-service"'),
  },
  {
    key: "webhook-service-not-found",
    repo: CORE,
    titles: [
      'service "seldon-webhook-service" not found',
      "Webhook service missing after namespace-scoped install",
    ],
    render: webhook(() => 'service "seldon-webhook-service" not found'),
  },
  {
    key: "envoy-upstream-connect-error",
    repo: CORE,
    titles: [
      "503 upstream connect error or disconnect/reset before headers",
      "Inference via istio ingress returns 503",
      "Getting 503 from envoy when calling model",
    ],
    render: [
      (c) =>
        plain(
          curlVerbose(c.rng, {
            host: `${c.rng.ip()}`,
            path: `/seldon/${c.ns}/${c.model}/api/v1.0/predictions`,
            status: "503 Service Unavailable",
            server: c.rng.pick(["istio-envoy", "envoy"]),
            body: "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
            epoch: c.epoch,
          }),
        ),
      (c) =>
        seldonCli(
          c,
          503,
          "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
        ),
    ],
  },
  {
    key: "envoy-no-healthy-upstream",
    repo: CORE,
    titles: [
      "no healthy upstream when calling model",
      "503 no healthy upstream from seldon-mesh",
      "Inference returns no healthy upstream",
    ],
    render: [
      (c) =>
        plain(
          curlVerbose(c.rng, {
            host: `${c.rng.ip()}`,
            path: `/v2/models/${c.model}/infer`,
            status: "503 Service Unavailable",
            server: "envoy",
            body: "no healthy upstream",
            epoch: c.epoch,
          }),
        ),
      (c) => seldonCli(c, 503, "no healthy upstream"),
    ],
  },
  {
    key: "no-matches-kind-seldondeployment",
    repo: CORE,
    titles: ['no matches for kind "SeldonDeployment"', "Cannot create SeldonDeployment on fresh cluster"],
    render: noMatchesKind("SeldonDeployment", "machinelearning.seldon.io/v1", false),
  },
  {
    key: "no-matches-kind-model",
    repo: CORE,
    titles: [
      'no matches for kind "Model" in version "mlops.seldon.io/v1alpha1"',
      "Core 2 Model CRD not found",
    ],
    render: noMatchesKind("Model", "mlops.seldon.io/v1alpha1", false),
  },
  {
    key: "no-matches-kind-deployment",
    repo: CORE,
    titles: [
      "Helm install fails on Kubernetes 1.22",
      'no matches for kind "Deployment" in version "extensions/v1beta1"',
    ],
    render: noMatchesKind("Deployment", "extensions/v1beta1", true),
  },
  {
    key: "no-matches-kind-crd",
    repo: CORE,
    titles: ["CRD install fails on k8s 1.22+", 'no matches for kind "CustomResourceDefinition"'],
    render: noMatchesKind("CustomResourceDefinition", "apiextensions.k8s.io/v1beta1", true),
  },
  {
    key: "executor-ready-check-failed",
    repo: CORE,
    titles: [
      "Executor: Ready check failed, connection refused",
      "seldon-container-engine never becomes ready",
      "Pod 1/2 ready, executor logs Ready check failed",
    ],
    render: [
      (c) =>
        plain(
          [
            zap({
              level: "error",
              ts: c.epoch + c.rng.next(),
              logger: "SeldonRestApi",
              msg: "Ready check failed",
              error: `dial tcp 127.0.0.1:${c.rng.pick([9000, 9001, 9500])}: connect: connection refused`,
              stacktrace: c.rng.chance(0.5),
            }),
          ],
          "zap",
        ),
    ],
  },
  {
    key: "microservice-bad-data",
    repo: CORE,
    titles: [
      "MICROSERVICE_BAD_DATA when sending ndarray",
      "Prediction returns MICROSERVICE_BAD_DATA",
      "Invalid JSON error from python wrapper",
    ],
    render: [
      (c) =>
        plain([
          `{"status":{"code":-1,"info":"Invalid JSON: Expecting value: line 1 column ${c.rng.int(2, 80)} (char ${c.rng.int(1, 79)})","reason":"MICROSERVICE_BAD_DATA","status":"FAILURE"}}`,
        ]),
      (c) =>
        plain(
          [
            `${pyTime(c.epoch, c.rng.int(0, 999))} - seldon_core.wrapper:handle_generic_exception:53 - ERROR:  {'status': {'status': 1, 'info': 'Invalid JSON: Expecting value: line 1 column ${c.rng.int(2, 80)} (char ${c.rng.int(1, 79)})', 'code': -1, 'reason': 'MICROSERVICE_BAD_DATA'}}`,
          ],
          "uvicorn",
        ),
    ],
  },
  {
    key: "rclone-section-missing",
    repo: CORE,
    titles: [
      "Model initializer: didn't find section in config file",
      "rclone fails to download model from S3",
      "Storage initializer can't read from MinIO",
    ],
    render: [
      (c) => {
        const uri = `${c.rng.pick(["s3", "gs", "minio"])}://${c.rng.pick(["models", "ml-artifacts", "seldon-models"])}/${c.model}/${c.rng.int(1, 9)}`;
        return plain([
          `$ kubectl logs ${pod(c.rng, `${c.model}-default-0`)} -c ${c.ns === "seldon" ? "classifier-model-initializer" : "model-initializer"}`,
          `${slashTime(c.epoch)} Failed to create file system for "${uri}": didn't find section in config file`,
        ]);
      },
      (c) =>
        goLog(
          c,
          "error",
          "Failed to download model, retrying in 2s",
          `failed to sync/copy /mnt/agent/rclone/${c.rng.int(100000000, 999999999)} : Failed to create file system for "s3://models/${c.model}": didn't find section in config file`,
        ),
    ],
  },
  {
    key: "kafka-resolve-failure",
    repo: CORE,
    titles: [
      "Failed to resolve kafka bootstrap",
      "modelgateway cannot connect to Kafka",
      "rdkafka: Name or service not known",
    ],
    render: [
      (c) => {
        const host = c.rng.pick([
          "seldon-kafka-bootstrap.kafka",
          "kafka",
          "my-cluster-kafka-bootstrap.kafka.svc",
        ]);
        const t = c.epoch;
        return plain(
          [1, 2, 3].map(
            (i) =>
              `%3|${t + i * c.rng.int(1, 30)}.${c.rng.int(100, 999)}|FAIL|rdkafka#${c.rng.pick(["producer", "consumer"])}-${c.rng.int(1, 4)}| [thrd:${host}:9092/bootstrap]: ${host}:9092/bootstrap: Failed to resolve '${host}:9092': Name or service not known (after ${c.rng.int(1, 40)}ms in state CONNECT)`,
          ),
          "logfmt",
        );
      },
    ],
  },
  {
    key: "scheduler-grpc-unavailable",
    repo: CORE,
    titles: [
      "Agent cannot connect to scheduler: code = Unavailable",
      "event recv failed: connection error",
      "seldon-scheduler connection refused from agent",
    ],
    render: [
      (c) =>
        goLog(
          c,
          "error",
          "event recv failed",
          `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${c.rng.ip()}:${c.rng.pick([9004, 9005, 9008])}: connect: connection refused"`,
          { func: "StartService" },
        ),
    ],
  },
  {
    key: "leader-election-forbidden",
    repo: CORE,
    titles: [
      "Operator crashes: cannot get resource leases",
      "leaderelection forbidden for seldon-manager service account",
    ],
    render: [
      (c) => {
        const lock = `${c.rng.hex(8)}.machinelearning.seldon.io`;
        return plain(
          [
            `${klog("E", c.epoch, c.rng.int(0, 999999), `leaderelection.go:${c.rng.pick([325, 330, 367])}`)} error retrieving resource lock ${c.ns}/${lock}: leases.coordination.k8s.io "${lock}" is forbidden: User "system:serviceaccount:${c.ns}:seldon-manager" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "${c.ns}"`,
          ],
          "zap",
        );
      },
    ],
  },
  {
    key: "pipeline-partitions-timeout",
    repo: CORE,
    titles: [
      "Pipeline inference hangs: timed out waiting for partitions",
      "pipelinegateway times out waiting for partitions",
    ],
    render: [
      (c) =>
        goLog(
          c,
          "error",
          `timed out waiting for partitions to be assigned to consumer for pipeline ${c.model}-pipeline`,
          undefined,
          { func: "Subscribe" },
        ),
    ],
  },
  {
    key: "gunicorn-worker-timeout",
    repo: CORE,
    titles: [
      "WORKER TIMEOUT on large model",
      "Python wrapper gunicorn worker timeout",
      "Model server restarts workers: WORKER TIMEOUT",
    ],
    render: [
      (c) => {
        const ts = (d: number) =>
          `[${iso(c.epoch + d)
            .replace("T", " ")
            .replace("Z", "")} +0000]`;
        const pid = c.rng.int(10, 400);
        return plain([
          `${ts(0)} [${c.rng.int(1, 9)}] [CRITICAL] WORKER TIMEOUT (pid:${pid})`,
          `${ts(1)} [${pid}] [INFO] Worker exiting (pid: ${pid})`,
          `${ts(2)} [${pid + c.rng.int(1, 9)}] [INFO] Booting worker with pid: ${pid + c.rng.int(10, 20)}`,
        ]);
      },
    ],
  },
  {
    key: "agent-model-settings-missing",
    repo: CORE,
    titles: [
      "Failed to find an mlserver model-settings.json file",
      "Custom model fails to load in Core 2 agent",
    ],
    render: [
      (c) =>
        goLog(
          c,
          "error",
          "Failed to handle load model",
          `Failed to find an mlserver model-settings.json file for model in /mnt/agent/rclone/${c.rng.int(100000000, 999999999)} for ${c.model} for passed in version 1`,
        ),
    ],
  },
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
