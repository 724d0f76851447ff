import { describe, expect, it } from "vitest";
import { chooseTarget, targetForUpstream } from "../../../src/domain/export/targets";

const entry = (components: string[], affectedVersions: string[] = [], targetOverride = null) => ({
  components,
  affectedVersions,
  targetOverride,
});

describe("choosing the docs an entry belongs to", () => {
  it("sends Core 2 components to the Core 2 docs", () => {
    expect(chooseTarget(entry(["scheduler"]))).toBe("core-v2");
    expect(chooseTarget(entry(["agent", "mlserver"]))).toBe("core-v2");
  });

  it("sends Core 1 components or 1.x Core versions to the Core 1 docs", () => {
    expect(chooseTarget(entry(["executor"]))).toBe("core-v1");
    expect(chooseTarget(entry(["operator"], ["1.15.0"]))).toBe("core-v1");
    expect(chooseTarget(entry(["operator"], ["2.8.0"]))).toBe("core-v2");
  });

  it("sends entries about MLServer alone to MLServer, whose 1.x versions are not Core 1's", () => {
    expect(chooseTarget(entry(["mlserver"], ["MLServer 1.3.5"]))).toBe("mlserver");
    expect(chooseTarget(entry(["mlserver-sklearn"]))).toBe("mlserver");
    expect(chooseTarget(entry([], ["mlserver 1.4.0"]))).toBe("mlserver");
  });

  it("does not read the Kubernetes version an entry names as a Core version", () => {
    const versions = ["MLServer 1.4.0", "Kubernetes 1.24", "Kubernetes 1.25", "Kubernetes 1.27"];
    expect(chooseTarget(entry(["mlserver", "seldon-core", "v2"], versions))).toBe("core-v2");
    expect(chooseTarget(entry(["seldon-core"], ["Kubernetes 1.24", "Seldon Core 2.8.1"]))).toBe("core-v2");
  });

  it("defaults to Core 2 without evidence, and a curator's override always wins", () => {
    expect(chooseTarget(entry([]))).toBe("core-v2");
    expect(chooseTarget({ ...entry(["scheduler"]), targetOverride: "mlserver" as const })).toBe("mlserver");
  });

  it("maps an upstream repository and branch to its docs", () => {
    expect(targetForUpstream("SeldonIO/seldon-core", "v2")?.key).toBe("core-v2");
    expect(targetForUpstream("seldonio/seldon-core", "master")?.key).toBe("core-v1");
    expect(targetForUpstream("SeldonIO/MLServer", "master")?.key).toBe("mlserver");
    expect(targetForUpstream("someone/else", "main")).toBeNull();
  });
});
