// Prose of the synthetic corpus: issue templates, questions and feature requests with no error,
// pull-request titles and the chatter that surrounds real threads. All written for this project.
import type { Ctx } from "./families";
import type { Rng } from "./prng";

export const CORE_VERSIONS = [
  "1.14.1",
  "1.15.0",
  "1.17.1",
  "1.18.0",
  "2.5.0",
  "2.6.0",
  "2.7.1",
  "2.8.0",
  "2.8.3",
  "2.9.1",
];
export const MLSERVER_VERSIONS = ["1.2.4", "1.3.2", "1.3.5", "1.4.0", "1.5.0", "1.6.1"];
const K8S = [
  "1.24 (kind)",
  "1.25 (EKS)",
  "1.26 (GKE)",
  "1.27 (AKS)",
  "1.28 (minikube)",
  "1.29 (k3s)",
  "1.30 (EKS)",
];

const INTROS = [
  "Hi team, I'm trying to deploy %m and it fails.",
  "After upgrading, our %m deployment stopped working.",
  "I followed the quickstart but %m never becomes available.",
  "We hit this in our staging cluster with %m.",
  "Not sure if this is a bug or a config problem on my side.",
  "Deploying %m in namespace %n gives the error below.",
];
const SYMPTOMS = [
  "The model never becomes ready.",
  "Requests fail with the error below.",
  "It worked on the previous version.",
  "It happens every time I apply the manifest.",
  "It happens intermittently, roughly every few hours.",
];
const STEPS = [
  "Install the operator with helm",
  "Apply the attached manifest",
  "Wait for the model to become ready",
  "Send a request with curl",
  "Check the logs of the pod",
];

export function errorIssueBody(
  c: Ctx,
  isCore: boolean,
  logBlock: string | null,
  lang: string,
  line?: "v1" | "v2",
): string {
  const r = c.rng;
  const intro = r.pick(INTROS).replace("%m", `\`${c.model}\``).replace("%n", `\`${c.ns}\``);
  const coreVersions = line
    ? CORE_VERSIONS.filter((v) => v.startsWith(line === "v1" ? "1." : "2."))
    : CORE_VERSIONS;
  const version = isCore ? `Seldon Core: ${r.pick(coreVersions)}` : `MLServer: ${r.pick(MLSERVER_VERSIONS)}`;
  const env = `- ${version}\n- Kubernetes: ${r.pick(K8S)}\n- Python: 3.${r.int(8, 11)}`;
  const logs =
    logBlock === null ? "I'll attach the logs in a comment." : `\`\`\`${lang}\n${logBlock}\n\`\`\``;
  if (r.chance(0.5)) {
    const steps = STEPS.slice(0, r.int(2, STEPS.length)).map((s, i) => `${i + 1}. ${s}`);
    return `## Describe the bug\n\n${intro} ${r.pick(SYMPTOMS)}\n\n## To reproduce\n\n${steps.join("\n")}\n\n## Logs\n\n${logs}\n\n## Environment\n\n${env}\n`;
  }
  if (r.chance(0.5)) return `${intro}\n\n${logs}\n\n${env}`;
  return `${intro} ${r.pick(SYMPTOMS)}\n${logs}`;
}

interface Noise {
  title: string;
  body: string;
  label: string;
}

const QUESTIONS: [string, string][] = [
  [
    "How to set resource limits for %m?",
    "Where do I put CPU and memory limits for the model container? The docs only show the server.",
  ],
  [
    "Question: autoscaling %m with HPA",
    "Is HPA supported for models, or only for servers? What metric should I use?",
  ],
  [
    "Can I use a private registry for custom runtimes?",
    "We need imagePullSecrets for our runtime image. Is there a field for that?",
  ],
  [
    "Best way to do A/B tests between %m versions?",
    "Should I use an Experiment or two models behind a router?",
  ],
  [
    "How do I enable request logging?",
    "I want to log every request and response for %m to Kafka. Is there an example?",
  ],
  ["Is Python 3.12 supported?", "Planning an upgrade and wondering which versions are tested."],
  [
    "Difference between Server and Model replicas?",
    "The docs are a bit unclear on how these interact when scaling.",
  ],
];
const FEATURES: [string, string][] = [
  [
    "Feature request: support for %m streaming responses",
    "It would be great to stream tokens from LLM runtimes over REST.",
  ],
  ["Add Prometheus metrics for queue length", "We would like to alert when the inference queue grows."],
  ["Allow custom labels on generated services", "Our mesh policy needs extra labels on every service."],
  ["Docs: broken link in the custom runtime page", "The link to the example repository returns 404."],
  ["Support ARM64 images", "We run on Graviton nodes and would like multi-arch images."],
  ["Expose model load timeout as a setting", "Large models take longer than the default to load."],
];

export function noiseIssue(c: Ctx): Noise {
  const question = c.rng.chance(0.55);
  const [title, body] = c.rng.pick(question ? QUESTIONS : FEATURES);
  const fill = (s: string) => s.replace("%m", c.model);
  return { title: fill(title), body: fill(body), label: question ? "question" : "enhancement" };
}

const PR_TITLES = [
  "fix(scheduler): retry model load on server reconnect",
  "fix(agent): handle missing rclone config section",
  "feat(operator): add custom labels to services",
  "docs: clarify webhook certificate setup",
  "build(deps): bump golang.org/x/net from 0.%d.0 to 0.%d.0",
  "build(deps): bump pydantic from 1.10.%d to 2.%d.0",
  "fix: serialise numpy scalars in JSON responses",
  "ci: run integration tests on kind",
  "Fix typo in README",
];

export function prTitle(r: Rng): { title: string; bot: boolean } {
  const t = r.pick(PR_TITLES);
  const n = r.int(10, 30);
  return { title: t.replace("%d", String(n)).replace("%d", String(n + 1)), bot: t.startsWith("build(deps)") };
}

export const CHATTER = [
  "any update?",
  "+1",
  "Same issue here.",
  "Any news on this?",
  "I'm seeing this too.",
  "👍",
  "We have the same problem in production, any workaround?",
  "Following.",
];
export const THANKS = [
  "thanks, that fixed it",
  "Thanks! Works now.",
  "Confirmed fixed on the new version, closing.",
  "That was it, thank you!",
];
export const ASKS = [
  "Thanks for reporting. Could you share the output of `kubectl describe pod` for the failing pod?",
  "Which version are you running? Can you paste the full logs?",
  "Can you try with the latest release and let us know?",
];
export const FIXES = [
  "This should be fixed by #%n, please try the latest release.",
  "Fixed by #%n.",
  "This is a known issue, see #%n. Upgrading should help.",
  "Try in %v, it includes the fix.",
];
export const STALE =
  "This issue has been automatically marked as stale because it has not had recent activity. It will be closed if no further activity occurs.";
export const SAME_HERE = [
  "Same here, from the other side:",
  "I get this on the server side:",
  "Here are the logs you asked for:",
];
