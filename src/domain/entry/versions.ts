// Versions reporters name in issue text, read into "<Product> <version>" so entries can say what
// they cover and staleness can notice a report from a newer release.

export type Product = "Seldon Core" | "MLServer" | "Kubernetes";

export interface ProductVersion {
  product: Product;
  version: string;
}

const V = String.raw`v?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?)`;

// Each pattern names its product; the first capture group is the version.
const PATTERNS: { product: Product; re: RegExp }[] = [
  // Image tags: seldonio/mlserver:1.3.5, seldonio/mlserver:1.3.5-sklearn
  { product: "MLServer", re: new RegExp(`seldonio/mlserver:${V}`, "gi") },
  {
    product: "Seldon Core",
    re: new RegExp(
      String.raw`seldonio/(?:seldon-core[\w-]*|seldon-(?:scheduler|agent|envoy|modelgateway|pipelinegateway|dataflow-engine|controller|hodometer|rclone)[\w-]*|seldon-core-executor|seldon-core-operator):${V}`,
      "gi",
    ),
  },
  // Python pins: mlserver==1.2.0, seldon-core==1.15.0
  { product: "MLServer", re: new RegExp(String.raw`\bmlserver(?:-[\w]+)?\s*[=~]=\s*${V}`, "gi") },
  { product: "Seldon Core", re: new RegExp(String.raw`\bseldon[-_]core\s*[=~]=\s*${V}`, "gi") },
  // Helm charts: seldon-core-operator-1.17.1, --version 2.8.0 after a seldon chart
  {
    product: "Seldon Core",
    re: new RegExp(String.raw`\bseldon-core-(?:operator|v2-[\w-]+)-${V}\b`, "gi"),
  },
  {
    product: "Seldon Core",
    re: new RegExp(String.raw`helm\s+(?:install|upgrade)[^\n]*seldon[^\n]*--version[ =]${V}`, "gi"),
  },
  // Prose: "MLServer: 1.2.4", "mlserver version 1.3", "Seldon Core v1.17.1", "operator version 1.17.1"
  { product: "MLServer", re: new RegExp(String.raw`\bmlserver\b[^\n\d]{0,20}?${V}`, "gi") },
  {
    product: "Seldon Core",
    re: new RegExp(String.raw`\bseldon[- ]?core(?:[- ]?v?2)?\b[^\n\d]{0,20}?${V}`, "gi"),
  },
  { product: "Seldon Core", re: new RegExp(String.raw`\b(?:seldon )?operator version[:\s]+${V}`, "gi") },
  // Kubernetes: "Kubernetes: 1.27 (AKS)", "k8s 1.28", "Server Version: v1.27.3"
  {
    product: "Kubernetes",
    re: new RegExp(String.raw`\b(?:kubernetes|k8s)\b(?: version)?[:\s]+${V}`, "gi"),
  },
  {
    product: "Kubernetes",
    re: new RegExp(String.raw`Server Version:\s*(?:version\.Info\{[^}]*?GitVersion:"?)?${V}`, "g"),
  },
];

const MAX_VERSIONS = 16;

/** The product versions a text names, in the order products and versions sort. */
export function versionsIn(text: string): ProductVersion[] {
  const found = new Map<string, ProductVersion>();
  for (const { product, re } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const version = m[1];
      if (!version || !plausible(product, version)) continue;
      found.set(formatVersion({ product, version }), { product, version });
    }
  }
  return sortVersions([...found.values()]).slice(0, MAX_VERSIONS);
}

// A Python "3.10" next to "mlserver" or a year is not a product version.
function plausible(product: Product, version: string): boolean {
  const major = Number(version.split(".")[0]);
  if (product === "Kubernetes") return major === 1;
  if (product === "MLServer") return major >= 0 && major <= 3;
  return major >= 0 && major <= 3;
}

export function formatVersion(v: ProductVersion): string {
  return `${v.product} ${v.version}`;
}

/** "MLServer 1.3.5" → its parts; null for free text a curator wrote. */
export function parseVersion(text: string): ProductVersion | null {
  const m = /^(Seldon Core|MLServer|Kubernetes) v?(\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.]+)?)$/.exec(text.trim());
  return m?.[1] && m[2] ? { product: m[1] as Product, version: m[2] } : null;
}

function parts(version: string): number[] {
  return (version.split("-")[0] ?? "").split(".").map((p) => Number(p));
}

/** Numeric, part by part; a shorter version equals any longer one it prefixes ("2.8" covers "2.8.3"). */
export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// Seldon's own products first; Kubernetes is the environment they run in.
const PRODUCT_ORDER: Record<Product, number> = { "Seldon Core": 0, MLServer: 1, Kubernetes: 2 };

export function sortVersions(list: ProductVersion[]): ProductVersion[] {
  return [...list].sort((a, b) =>
    a.product === b.product
      ? compareVersions(a.version, b.version)
      : PRODUCT_ORDER[a.product] - PRODUCT_ORDER[b.product],
  );
}

/**
 * Reported versions newer than every version the entry covers for the same product. A product the
 * entry does not mention is not judged, and Kubernetes is the environment, not the product: a report
 * from a newer cluster says nothing about whether a Seldon fix still holds.
 */
export function newerThanCovered(covered: string[], reported: ProductVersion[]): ProductVersion[] {
  const newest = new Map<Product, string>();
  for (const text of covered) {
    const v = parseVersion(text);
    if (!v || v.product === "Kubernetes") continue;
    const known = newest.get(v.product);
    if (!known || compareVersions(v.version, known) > 0) newest.set(v.product, v.version);
  }
  return reported.filter((r) => {
    const known = newest.get(r.product);
    return known !== undefined && compareVersions(r.version, known) > 0;
  });
}
