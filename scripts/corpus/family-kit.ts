// Building blocks of the error families: the family shape, the per-issue context (model, namespace,
// time) and renderers shared by several families. Values are made up; only the message formats
// follow Seldon/MLServer/Kubernetes/Envoy (see shared/SELDON-ERRORS.md).
import type { Rng } from "./prng";
import { type Frame, k9s, logfmt, type NoiseStyle, pyTime, traceback, zap } from "./wrappers";

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
  /** Seldon Core line the error belongs to, so the version field agrees with it. */
  line?: "v1" | "v2";
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

export const pod = (r: Rng, base: string) => `${base}-${r.kid(r.pick([9, 10]))}-${r.kid(5)}`;
export const plain = (lines: string[], noise: NoiseStyle | null = null): Snippet => ({ lines, noise });
export const yamlFile = (c: Ctx) =>
  c.rng.pick([`${c.model}.yaml`, "model.yaml", "sdep.yaml", `deploy/${c.model}.yaml`]);

export function goLog(
  c: Ctx,
  level: "error" | "warning",
  msg: string,
  error: string | undefined,
  extra = {},
): Snippet {
  const line = logfmt({ ts: c.epoch, level, msg, error, extra });
  return c.rng.chance(0.35) ? plain(k9s([line]), null) : plain([line], "logfmt");
}

export function webhook(cause: (c: Ctx) => string): ((c: Ctx) => Snippet)[] {
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

export function noMatchesKind(kind: string, version: string, helm: boolean): ((c: Ctx) => Snippet)[] {
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

export const SITE = (py: string) => `/opt/conda/lib/python${py}/site-packages`;
export function mlserverStartup(c: Ctx, last: string): Snippet {
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

export function pyApp(c: Ctx, last: string): Snippet {
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

export const seldonCli = (c: Ctx, status: number, text: string) =>
  plain([
    `$ seldon model infer ${c.model} '{"inputs": [{"name": "predict", "shape": [1, 4], "datatype": "FP32", "data": [[1, 2, 3, 4]]}]}'`,
    `Error: V2 server error: ${status} ${text}`,
  ]);
