// The three upstream docs an entry can go to, and how an entry picks one from its components and
// versions. Layouts follow the upstream GitBook trees: Core 2 on `v2`, Core 1 on `master`, MLServer
// on `master`, each under `docs-gb/` with a SUMMARY.md table of contents.
import type { DocsTarget, DocsTargetKey, ExportEntry } from "./types";

export const DOCS_TARGETS: Record<DocsTargetKey, DocsTarget> = {
  "core-v2": {
    key: "core-v2",
    product: "Seldon Core 2",
    repo: "SeldonIO/seldon-core",
    branch: "v2",
    docsRoot: "docs-gb",
    folder: "troubleshooting",
    summary: { group: "## Resources", afterLink: "faqs.md" },
  },
  "core-v1": {
    key: "core-v1",
    product: "Seldon Core 1",
    repo: "SeldonIO/seldon-core",
    branch: "master",
    docsRoot: "docs-gb",
    folder: "troubleshooting",
    summary: { group: "## Reference" },
  },
  mlserver: {
    key: "mlserver",
    product: "MLServer",
    repo: "SeldonIO/MLServer",
    branch: "master",
    docsRoot: "docs-gb",
    folder: "troubleshooting",
    summary: { group: null, beforeLink: "changelog.md" },
  },
};

// Components that exist in only one line of Seldon Core.
const CORE_V1_COMPONENTS = new Set([
  "executor",
  "engine",
  "seldon-deployment",
  "seldondeployment",
  "python-wrapper",
  "wrapper",
  "s2i",
  "seldon-core-v1",
  "core-v1",
  "v1",
]);
const CORE_V2_COMPONENTS = new Set([
  "scheduler",
  "agent",
  "envoy",
  "pipeline",
  "pipelinegateway",
  "pipeline-gateway",
  "modelgateway",
  "model-gateway",
  "dataflow",
  "dataflow-engine",
  "kafka",
  "seldon-core-v2",
  "core-v2",
  "v2",
]);

const key = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
const isMlserver = (s: string) => /^mlserver\b/.test(key(s));

/**
 * Major Core versions named by the entry's affected versions. MLServer's and Kubernetes' versions
 * (the environment: `Kubernetes 1.24`) are not Core's.
 */
function coreMajors(versions: readonly string[]): number[] {
  const majors: number[] = [];
  for (const v of versions) {
    if (/mlserver|kubernetes|\bk8s\b|python|istio|knative/i.test(v)) continue;
    for (const m of v.matchAll(/(?:^|[^\d.])v?(\d+)\.\d+/g)) majors.push(Number(m[1]));
  }
  return majors;
}

/**
 * Core 2 unless the evidence says otherwise: MLServer when the entry is about MLServer alone,
 * Core 1 when its components or versions point to Core 1 more than to Core 2.
 */
export function chooseTarget(
  entry: Pick<ExportEntry, "components" | "affectedVersions" | "targetOverride">,
): DocsTargetKey {
  if (entry.targetOverride) return entry.targetOverride;
  const components = entry.components.map(key);
  const v1 = components.filter((c) => CORE_V1_COMPONENTS.has(c)).length;
  const v2 = components.filter((c) => CORE_V2_COMPONENTS.has(c)).length;
  const majors = coreMajors(entry.affectedVersions);
  const mlserverVersions = entry.affectedVersions.some(isMlserver);
  const onlyMlserver = components.length > 0 && components.every((c) => isMlserver(c) || c === "runtime");
  if (v1 + v2 === 0 && (onlyMlserver || (components.length === 0 && mlserverVersions))) return "mlserver";
  const v1Score = v1 + majors.filter((m) => m === 1).length;
  const v2Score = v2 + majors.filter((m) => m === 2).length;
  return v1Score > v2Score ? "core-v1" : "core-v2";
}

/** The docs a PR against `repo`@`branch` updates; null when the repo holds none of them. */
export function targetForUpstream(repo: string, branch: string): DocsTarget | null {
  const name = repo.split("/")[1]?.toLowerCase() ?? "";
  if (name === "mlserver") return DOCS_TARGETS.mlserver;
  if (name !== "seldon-core") return null;
  return branch === "v2" || branch.startsWith("release-2")
    ? DOCS_TARGETS["core-v2"]
    : DOCS_TARGETS["core-v1"];
}

/** The branch a PR targets when none is given: Core 2's `v2` for seldon-core. */
export function defaultBaseBranch(repo: string, repoDefaultBranch: string): string {
  return repo.split("/")[1]?.toLowerCase() === "seldon-core" ? "v2" : repoDefaultBranch;
}
