import { describe, expect, it } from "vitest";
import { signatureId } from "../../src/domain/signature/index.js";
import { TemplateMatcher } from "../../src/search/template-matcher.js";

const known = [
  "Model <*> not found",
  "failed calling webhook <*>: x509: certificate signed by unknown authority",
  "no healthy upstream",
  "ImportError: cannot import name 'GizmoSpec' from 'gadgets.core'",
].map((t) => ({
  id: signatureId(t),
  template: t,
}));

describe("the template matcher", () => {
  const matcher = new TemplateMatcher(known);

  it("finds the same signature by id", () => {
    expect(matcher.match("no healthy upstream")[0]).toMatchObject({ kind: "signature", similarity: 1 });
  });

  it("finds a mined template whose wildcards cover the line", () => {
    expect(matcher.match("Model iris-v2 not found")[0]).toMatchObject({
      kind: "template",
      template: "Model <*> not found",
    });
  });

  it("finds a near template when a word differs", () => {
    const [m] = matcher.match("failed calling webhook <*>: x509: certificate signed by an unknown authority");
    expect(m?.kind).toBe("near");
    expect(m?.similarity).toBeGreaterThan(0.8);
  });

  it("takes no near template that names another thing in the same place", () => {
    expect(matcher.match("ImportError: cannot import name 'Sprocket' from 'cogs.core'")).toEqual([]);
    const [m] = matcher.match("ImportError: cannot import GizmoSpec from gadgets.core");
    expect(m).toMatchObject({
      kind: "near",
      template: "ImportError: cannot import name 'GizmoSpec' from 'gadgets.core'",
    });
  });

  it("finds nothing for an unrelated line", () => {
    expect(matcher.match("segmentation fault in libfoo")).toEqual([]);
  });
});
