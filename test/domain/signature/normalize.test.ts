import { describe, expect, it } from "vitest";
import { normalizeMessage, signatureId } from "../../../src/domain/signature/index";

const tpl = (m: string) => normalizeMessage(m).template;
const kinds = (m: string) => normalizeMessage(m).masks.map((x) => x.kind);

describe("normalizeMessage masks what varies", () => {
  it("masks IPs with ports and records the value", () => {
    const n = normalizeMessage("dial tcp 10.96.0.12:9002: connect: connection refused");
    expect(n.template).toBe("dial tcp <*>: connect: connection refused");
    expect(n.masks).toContainEqual({ kind: "ip", value: "10.96.0.12:9002" });
  });

  it("masks IPv6 addresses, compressed or bracketed with a port, as an IPv4 one is", () => {
    const v4 = tpl("dial tcp 127.0.0.1:9000: connect: connection refused");
    expect(tpl("dial tcp [::1]:9000: connect: connection refused")).toBe(v4);
    expect(tpl("dial tcp [fd00:10:96::a]:8080: connect: connection refused")).toBe(v4);
    expect(tpl("listening on fe80::1c2b:3ff:fe4a:1 only")).toBe("listening on <*> only");
    expect(normalizeMessage("dial tcp [::1]:9000: i/o timeout").masks).toContainEqual({
      kind: "ip",
      value: "[::1]:9000",
    });
  });

  it("leaves scoped names and clock times alone when masking IPv6", () => {
    expect(tpl("std::vector failed in Foo::bar")).toBe("std::vector failed in Foo::bar");
    expect(tpl("retry at 12:30:45 failed")).toBe("retry at <*> failed");
  });

  it("masks UUIDs, Go pointers and hex ids", () => {
    expect(
      tpl("request 3f2b8c1e-9a4d-4e2f-b1c7-2d3e4f5a6b7c failed at 0xc0005c1ad0 image sha256:4f9a2b7c1d3e"),
    ).toBe("request <*> failed at <*> image sha256:<*>");
    expect(kinds("request 3f2b8c1e-9a4d-4e2f-b1c7-2d3e4f5a6b7c failed at 0xc0005c1ad0")).toEqual([
      "uuid",
      "pointer",
    ]);
  });

  it("masks pod names with replica-set and pod hashes", () => {
    const n = normalizeMessage("pod iris-default-0-classifier-7d9f8b6c5-x2k4q is not ready");
    expect(n.template).toBe("pod <*> is not ready");
    expect(n.masks[0]?.kind).toBe("pod");
  });

  it("masks numbers, sizes and durations", () => {
    expect(tpl("request too large (5242880 vs. 4194304)")).toBe("request too large (<*> vs. <*>)");
    expect(tpl("container used 512Mi, limit 1.5Gi after 1m30s")).toBe(
      "container used <*>, limit <*> after <*>",
    );
    expect(kinds("retrying in 250ms")).toEqual(["duration"]);
  });

  it("masks timestamps in ISO, slash and syslog forms", () => {
    expect(tpl("deadline 2024-03-01T10:00:00.123Z passed")).toBe("deadline <*> passed");
    expect(tpl("at 2022/06/28 10:17:19 copy failed")).toBe("at <*> copy failed");
    expect(tpl("since Fri Jun 17 20:55:07 2005 no reply")).toBe("since <*> no reply");
  });

  it("masks volatile paths and storage URIs", () => {
    expect(tpl("open /mnt/agent/rclone/1839202/model-settings.json: no such file or directory")).toBe(
      "open <*>: no such file or directory",
    );
    expect(tpl('Failed to create file system for "s3://bucket/models/iris": not found')).toBe(
      'Failed to create file system for "<*>": not found',
    );
  });

  it("masks whole URLs (host, path and query vary by installation) and the namespace inside svc hosts", () => {
    expect(tpl('Post "https://seldon-webhook-service.seldon-system.svc:443/mutate?timeout=10s": EOF')).toBe(
      'Post "https://<*>": EOF',
    );
    expect(tpl("GET http://10.0.0.5:8080/v2/models/iris/infer failed: EOF")).toBe(
      "GET http://<*> failed: EOF",
    );
    expect(tpl("lookup seldon-scheduler.team-a.svc on 10.96.0.10:53: no such host")).toBe(
      "lookup seldon-scheduler.<*>.svc on <*>: no such host",
    );
  });

  it("masks model names with a :1 version suffix and names where a name fits", () => {
    expect(tpl("Failed to handle load model iris:1")).toBe("Failed to handle load model <*>");
    expect(tpl("Model iris not found")).toBe(tpl("Model mnist-v2 not found"));
    expect(tpl("Failed to schedule model as no matching servers are available")).toContain(
      "model as no matching",
    );
  });

  it("keeps a plain word after model where no name fits: a noun or a verb followed by more words", () => {
    expect(tpl("Invalid model uri provided")).toBe("Invalid model uri provided");
    expect(tpl("model stopped unexpectedly")).toBe("model stopped unexpectedly");
    expect(tpl("the model iris is not ready")).toBe("the model <*> is not ready");
    expect(tpl("cannot load model iris")).toBe("cannot load model <*>");
  });

  it("masks the module in No module named and the type in JSON serializable errors", () => {
    expect(tpl("No module named 'tensorflow_addons'")).toBe("No module named '<*>'");
    expect(tpl("Object of type ndarray is not JSON serializable")).toBe(
      "Object of type <*> is not JSON serializable",
    );
  });

  it("masks the webhook version prefix", () => {
    expect(tpl('failed calling webhook "v1alpha2.vseldondeployment.kb.io": EOF')).toBe(
      tpl('failed calling webhook "v1.vseldondeployment.kb.io": EOF'),
    );
  });

  it("collapses lists of masked values, whose length varies", () => {
    expect(tpl("Available inputs are input-1, input-2, input-3.")).toBe(tpl("Available inputs are input-7."));
    expect(tpl("ask 10.0.0.1:50010 to delete blk_1 blk_2 blk_3")).toBe("ask <*> to delete blk_<*>");
  });

  it("strips log prefixes so a raw log line and its message normalize alike", () => {
    const raw = '{"level":"error","ts":1700000000.1,"msg":"Ready check failed","error":"EOF"}';
    expect(tpl(raw)).toBe(tpl("Ready check failed: EOF"));
  });
});

describe("normalizeMessage keeps what tells errors apart", () => {
  it("keeps Kubernetes kinds", () => {
    expect(tpl('no matches for kind "Deployment" in version "apps/v1"')).not.toBe(
      tpl('no matches for kind "ClusterRole" in version "apps/v1"'),
    );
    expect(tpl('no matches for kind "Deployment" in version "apps/v1"')).toContain('"Deployment"');
  });

  it("keeps the cause clause of a wrapped webhook error", () => {
    const prefix =
      'failed calling webhook "v1.vseldondeployment.kb.io": Post "https://x.seldon.svc:443/validate": ';
    const causes = [
      "dial tcp 10.0.0.1:443: connect: connection refused",
      'no endpoints available for service "seldon-webhook-service"',
      'service "seldon-webhook-service" not found',
      "x509: certificate signed by unknown authority",
      "x509: certificate is valid for a.svc, not b.svc",
      "x509: certificate has expired or is not yet valid",
    ];
    const templates = new Set(causes.map((c) => tpl(prefix + c)));
    expect(templates.size).toBe(causes.length);
  });

  it("keeps gRPC codes", () => {
    expect(tpl("rpc error: code = Unavailable desc = connection error")).not.toBe(
      tpl("rpc error: code = DeadlineExceeded desc = connection error"),
    );
  });

  it("keeps exception types", () => {
    expect(tpl("ValueError: bad input")).not.toBe(tpl("TypeError: bad input"));
    expect(tpl("ValueError: bad input")).toBe("ValueError: bad input");
  });

  it("keeps both names in cannot import name X from Y", () => {
    const a = tpl("ImportError: cannot import name 'soft_unicode' from 'markupsafe'");
    const b = tpl("ImportError: cannot import name 'escape' from 'jinja2'");
    expect(a).toBe("ImportError: cannot import name 'soft_unicode' from 'markupsafe'");
    expect(a).not.toBe(b);
  });

  it("keeps the status of a bare not-found body", () => {
    expect(tpl("404 page not found")).toBe("404 page not found");
  });

  it("keeps HTTP statuses", () => {
    expect(tpl("Readiness probe failed: HTTP probe failed with statuscode: 503")).toContain(
      "statuscode: 503",
    );
    expect(tpl("< HTTP/1.1 404 Not Found")).toContain("404");
    expect(tpl("HTTP 503 Service Unavailable")).not.toBe(tpl("HTTP 404 Not Found"));
  });

  it("masks a release version whole and keeps an API version", () => {
    expect(tpl("pipeline v0.2.0 not ready")).toBe(tpl("pipeline v1.19.2-rc.1 not ready"));
    expect(tpl("no matches for kind Gizmo in version v1")).toBe("no matches for kind Gizmo in version v1");
  });

  it("reads an error formatted with its own message as the name as that message once", () => {
    expect(tpl("Pipeline Pipeline churn with version 3 not ready not ready")).toBe(
      tpl("Pipeline churn with version 3 not ready"),
    );
    expect(tpl('Model Model fraud-v2 with version v0.4.1 not found not found"')).toBe(
      'Model <*> with version <*> not found"',
    );
    expect(tpl("retry retry budget exhausted")).toBe("retry retry budget exhausted");
  });

  it("keeps exit codes and signal numbers, which name the problem as an HTTP status does", () => {
    expect(tpl("worker exited with code 137")).toBe("worker exited with code 137");
    expect(tpl("command terminated with exit code 1 after 12 retries")).toBe(
      "command terminated with exit code 1 after <*> retries",
    );
    expect(tpl("process killed by signal 9")).toBe("process killed by signal 9");
    expect(tpl("worker exited with code 137")).not.toBe(tpl("worker exited with code 139"));
  });

  it("keeps names glued to digits such as x509", () => {
    expect(tpl("x509: certificate signed by unknown authority")).toBe(
      "x509: certificate signed by unknown authority",
    );
  });
});

describe("signatureId", () => {
  it("is a stable sig_ + 16 hex hash of the template", () => {
    const id = signatureId("dial tcp <*>: connect: connection refused");
    expect(id).toMatch(/^sig_[0-9a-f]{16}$/);
    expect(signatureId("dial tcp <*>: connect: connection refused")).toBe(id);
    expect(signatureId("dial tcp <*>: connect: no route to host")).not.toBe(id);
  });
});
