// What a maintainer says fixed each family, written for this corpus (plausible, not copied). The
// fix comment of a thread closed as fixed is this text plus a reference ("Fixed by #N"); the corpus
// records which comment it is, so prefilled candidate fixes can be measured against it.

export const FAMILY_FIXES: Record<string, string> = {
  "scheduler-no-matching-servers":
    "The model asks for a capability no Server offers: its `requirements` must match a Server's capabilities (for example `sklearn` for MLServer). Add the capability to the Server's `capabilities` (or `extraCapabilities`) or fix the model's requirements.",
  "scheduler-not-enough-replicas":
    "The model asks for more replicas than the matching Server has. Scale the Server up to at least the model's `replicas`, or lower the model's replicas; the scheduler does not place two replicas of a model on one server replica.",
  "webhook-x509-unknown-authority":
    "The webhook's caBundle no longer matches the serving certificate after cert-manager rotated it. Make sure cert-manager's CA injector is running, then restart the operator so the caBundle is injected again.",
  "webhook-connection-refused":
    "The operator pod that serves the webhook was not ready when the resource was applied. Wait for the seldon-controller-manager pod to be Running and Ready (check its logs for crash loops), then apply again.",
  "webhook-no-endpoints":
    "The webhook service has no endpoints because the operator deployment is scaled to zero or its pod is not ready. Scale the operator back up and wait for it to be ready before applying.",
  "webhook-service-not-found":
    "A webhook configuration is left over from an older install in another namespace. Delete the stale ValidatingWebhookConfiguration and reinstall the operator so the webhook points at the service that exists.",
  "envoy-upstream-connect-error":
    "Envoy cannot reach the model server: the model was still loading or the server pod restarted. Wait until the model is Available, and increase the readiness timeout for large models.",
  "envoy-no-healthy-upstream":
    "No replica of the model is ready behind Envoy. Check the Server pods and the model status; once a replica is Available the route gets a healthy upstream.",
  "no-matches-kind-seldondeployment":
    "The SeldonDeployment CRD is not installed (or the operator is a Core 2 install). Install the seldon-core-operator chart with its CRDs before applying SeldonDeployments.",
  "no-matches-kind-model":
    "The Core 2 CRDs are missing: install the seldon-core-v2-crds chart before the runtime and the models.",
  "no-matches-kind-deployment":
    "The manifest uses an apiVersion the cluster no longer serves. Update `apiVersion` to `apps/v1` for Deployments.",
  "no-matches-kind-crd":
    "The CustomResourceDefinition uses apiextensions.k8s.io/v1beta1, removed in Kubernetes 1.22. Use the v1 CRDs shipped with the newer chart.",
  "executor-ready-check-failed":
    "The executor checks the model container before it listens. Set the container's readiness probe with a longer initial delay, or make sure the model server binds to the port the executor expects.",
  "microservice-bad-data":
    "The request payload does not match what the model expects: send `data.ndarray` (or `tensor`) with the shape the model was trained on, and check the names of the columns.",
  "rclone-section-missing":
    "The storage secret's rclone config does not define the remote the model URI names. Name the section in the secret after the URI's scheme prefix (for example `[s3]` for `s3:`) and reference the secret from the model.",
  "kafka-resolve-failure":
    "The Kafka bootstrap address cannot be resolved from inside the cluster. Set `kafka.bootstrap` to the broker's in-cluster service name and port.",
  "scheduler-grpc-unavailable":
    "The agent lost its connection to the scheduler while the scheduler restarted. Make sure the scheduler has its persistent volume so it comes back with its state; the agent reconnects by itself.",
  "leader-election-forbidden":
    "The operator's service account lacks RBAC on leases. Add `coordination.k8s.io` leases (get, create, update) to its Role, or reinstall the chart that includes it.",
  "pipeline-partitions-timeout":
    "The pipeline's consumer group never got partitions: the topics were not created. Enable topic auto-creation or create the pipeline topics with enough partitions before starting the pipeline.",
  "gunicorn-worker-timeout":
    "Model loading or a slow prediction takes longer than gunicorn's worker timeout. Raise `GUNICORN_TIMEOUT` (and the probes' timeouts) for the model container.",
  "agent-model-settings-missing":
    "The artifact folder has no model-settings.json for MLServer. Add a model-settings.json next to the model file, naming the implementation (for example `mlserver_sklearn.SKLearnModel`).",
  crashloopbackoff:
    "The container exits right after start; `kubectl logs --previous` shows why. Most reports here were a wrong model URI or missing credentials: fix the storage URI and its secret.",
  oomkilled:
    "The container needs more memory than its limit while loading the model. Raise the memory limit (and request) of the model container to fit the model, with headroom for inference.",
  "readiness-probe-503":
    "The readiness probe fails while the model is still loading. Increase the probe's initialDelaySeconds and failureThreshold for large models.",
  "grpc-message-too-large":
    "The payload exceeds gRPC's default 4 MiB limit. Raise the max message size on both sides (for MLServer `grpc_max_message_length`, for the gateway its max message size setting).",
  "mlserver-module-not-found":
    "The runtime's Python environment lacks the package the model needs. Add it to the model's requirements (or a custom environment tarball) so MLServer installs it for the model.",
  "mlserver-pydantic-basesettings":
    "pydantic 2 moved BaseSettings to pydantic-settings. Pin `pydantic<2` with older MLServer, or upgrade MLServer to a release that supports pydantic 2.",
  "json-not-serializable":
    "NumPy scalars are not JSON serializable: convert the prediction with `.tolist()` or `.item()` before returning it, or return a NumPy array and let the codec encode it.",
  "mlserver-model-not-found":
    "The request names a model the server has not loaded: check the model name in the URL matches `name` in model-settings.json and that the model loaded without errors.",
  "mlserver-worker-stopped":
    "An inference worker process died, usually out of memory. Lower `parallel_workers` or raise the container's memory limit.",
  "mlserver-env-hash-not-found":
    "The model refers to a custom environment whose tarball was not unpacked on this worker. Set `MLSERVER_ENV_TARBALL` correctly (or the model's environment path) and restart so the environment is created.",
};
