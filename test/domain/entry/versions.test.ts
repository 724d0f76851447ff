import { describe, expect, it } from "vitest";
import {
  compareVersions,
  formatVersion,
  newerThanCovered,
  versionsIn,
} from "../../../src/domain/entry/versions.js";

const found = (text: string) => versionsIn(text).map(formatVersion);

describe("versionsIn", () => {
  it("reads image tags, python pins, helm charts and prose versions", () => {
    expect(found("image: seldonio/mlserver:1.3.5-sklearn")).toEqual(["MLServer 1.3.5-sklearn"]);
    expect(found("pip install mlserver==1.2.0 and seldon-core==1.15.0")).toEqual([
      "Seldon Core 1.15.0",
      "MLServer 1.2.0",
    ]);
    expect(found("helm install seldon-core seldon-charts/seldon-core-operator --version 1.17.1")).toEqual([
      "Seldon Core 1.17.1",
    ]);
    expect(found("- Seldon Core: 2.8.0\n- Kubernetes: 1.27 (AKS)\n- Python: 3.10")).toEqual([
      "Seldon Core 2.8.0",
      "Kubernetes 1.27",
    ]);
    expect(found("MLServer version 1.4.0 on k8s 1.29")).toEqual(["MLServer 1.4.0", "Kubernetes 1.29"]);
    expect(found("seldonio/seldon-scheduler:2.7.1 and Server Version: v1.28.3")).toEqual([
      "Seldon Core 2.7.1",
      "Kubernetes 1.28.3",
    ]);
  });

  it("does not take a Python version or a year for a product version", () => {
    expect(found("Python 3.10 with mlserver in 2024")).toEqual([]);
  });
});

describe("newerThanCovered", () => {
  it("flags only a newer version of a product the entry covers, and never Kubernetes", () => {
    const covered = ["MLServer 1.3.5", "Seldon Core 2.8", "Kubernetes 1.27"];
    const reported = versionsIn("MLServer 1.4.0, Seldon Core 2.8.3, Kubernetes 1.30, MLServer 1.3.2");
    expect(newerThanCovered(covered, reported).map(formatVersion)).toEqual(["MLServer 1.4.0"]);
    expect(newerThanCovered(["Kubernetes 1.20"], versionsIn("MLServer 9.9"))).toEqual([]);
  });

  it("compares part by part, a prefix covering its patch releases", () => {
    expect(compareVersions("1.10.0", "1.9.9")).toBeGreaterThan(0);
    expect(compareVersions("2.8", "2.8.3")).toBe(0);
    expect(compareVersions("1.2.0", "1.3")).toBeLessThan(0);
  });
});
