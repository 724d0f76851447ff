// Error families seen only in seldon-core issues (Core 1 operator/executor/python wrapper, Core 2
// scheduler/agent/gateways).
import { CORE, type Family, goLog, noMatchesKind, plain, pod, seldonCli, webhook } from "./family-kit";
import { curlVerbose, iso, klog, pyTime, slashTime, zap } from "./wrappers";

export const CORE_FAMILIES: Family[] = [
  {
    key: "scheduler-no-matching-servers",
    line: "v2",
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
    line: "v2",
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
    line: "v1",
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
    line: "v1",
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
    line: "v1",
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
    line: "v1",
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
    line: "v2",
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
    line: "v1",
    repo: CORE,
    titles: ['no matches for kind "SeldonDeployment"', "Cannot create SeldonDeployment on fresh cluster"],
    render: noMatchesKind("SeldonDeployment", "machinelearning.seldon.io/v1", false),
  },
  {
    key: "no-matches-kind-model",
    line: "v2",
    repo: CORE,
    titles: [
      'no matches for kind "Model" in version "mlops.seldon.io/v1alpha1"',
      "Core 2 Model CRD not found",
    ],
    render: noMatchesKind("Model", "mlops.seldon.io/v1alpha1", false),
  },
  {
    key: "no-matches-kind-deployment",
    line: "v1",
    repo: CORE,
    titles: [
      "Helm install fails on Kubernetes 1.22",
      'no matches for kind "Deployment" in version "extensions/v1beta1"',
    ],
    render: noMatchesKind("Deployment", "extensions/v1beta1", true),
  },
  {
    key: "no-matches-kind-crd",
    line: "v1",
    repo: CORE,
    titles: ["CRD install fails on k8s 1.22+", 'no matches for kind "CustomResourceDefinition"'],
    render: noMatchesKind("CustomResourceDefinition", "apiextensions.k8s.io/v1beta1", true),
  },
  {
    key: "executor-ready-check-failed",
    line: "v1",
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
    line: "v1",
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
    line: "v2",
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
    line: "v2",
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
    line: "v1",
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
    line: "v2",
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
    line: "v1",
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
    line: "v2",
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
];
