// File names and display names: kebab-case from titles, unique per folder, stable across runs.
import type { ExportEntry, PageRef } from "./types";

const MAX_SLUG = 72;

/** "Model stuck in ScheduleFailed: no servers" → "model-stuck-in-schedulefailed-no-servers". */
export function kebabCase(title: string): string {
  const words = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (words.length <= MAX_SLUG) return words;
  const cut = words.slice(0, MAX_SLUG);
  return cut.slice(0, cut.lastIndexOf("-") > 20 ? cut.lastIndexOf("-") : MAX_SLUG).replace(/-+$/, "");
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Entries in page order (title, then id) with a unique file name each; README.md is reserved. */
export function assignFileNames(entries: readonly ExportEntry[]): PageRef[] {
  const sorted = [...entries].sort(
    (a, b) =>
      byText(a.title.toLowerCase(), b.title.toLowerCase()) || byText(a.title, b.title) || byText(a.id, b.id),
  );
  const used = new Set(["readme"]);
  return sorted.map((entry) => {
    const base = kebabCase(entry.title) || `entry-${kebabCase(entry.id)}`;
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    return { entry, fileName: `${slug}.md` };
  });
}

const KNOWN_COMPONENTS: Record<string, string> = {
  mlserver: "MLServer",
  "seldon-core": "Seldon Core",
  scheduler: "Scheduler",
  agent: "Agent",
  envoy: "Envoy",
  kafka: "Kafka",
  operator: "Operator",
  controller: "Controller",
  executor: "Executor",
  "python-wrapper": "Python wrapper",
  modelgateway: "Model gateway",
  pipelinegateway: "Pipeline gateway",
  "dataflow-engine": "Dataflow engine",
  helm: "Helm",
  rclone: "Rclone",
  grpc: "gRPC",
  "model-gateway": "Model gateway",
  "pipeline-gateway": "Pipeline gateway",
};

/** How a component is written in headings: known names as the docs spell them, others capitalised. */
export function componentLabel(component: string): string {
  const k = component
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
  const known = KNOWN_COMPONENTS[k];
  if (known) return known;
  const words = component.trim().replace(/[-_]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function naturalCompare(a: string, b: string): number {
  const x = a.toLowerCase().match(/\d+|\D+/g) ?? [];
  const y = b.toLowerCase().match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p = "", q = ""] = [x[i], y[i]];
    const d = /^\d/.test(p) && /^\d/.test(q) ? Number(p) - Number(q) : byText(p, q);
    if (d !== 0) return d;
  }
  return x.length - y.length || byText(a, b);
}

/** Versions in a natural order (1.9 before 1.10), without duplicates; no locale involved. */
export function sortVersions(versions: readonly string[]): string[] {
  return [...new Set(versions.map((v) => v.trim()).filter(Boolean))].sort(naturalCompare);
}
