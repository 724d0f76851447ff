import { describe, expect, it } from "vitest";
import { type ClusterRule, clusterIssues, type IssueDoc } from "../../../src/domain/cluster/index";

function doc(key: string, body: string, extra: Partial<IssueDoc> = {}): IssueDoc {
  return { key, title: `issue ${key}`, body, comments: [], isPullRequest: false, ...extra };
}

const fence = (s: string) => `Seeing this:\n\n\`\`\`\n${s}\n\`\`\`\n`;
const WEBHOOK = (ip: string) =>
  `failed calling webhook "v1.vseldondeployment.kb.io": Post "https://seldon-webhook-service.seldon-system.svc:443/validate": dial tcp ${ip}:443: connect: connection refused`;

const corpus: IssueDoc[] = [
  doc(
    "r#1",
    fence(
      '{"level":"error","ts":1700000000.5,"msg":"Ready check failed","error":"dial tcp 127.0.0.1:9000: connect: connection refused"}',
    ),
  ),
  doc(
    "r#2",
    fence(
      'time="2024-03-01T10:00:00Z" level=error msg="Ready check failed" error="dial tcp 10.1.2.3:9000: connect: connection refused"',
    ),
  ),
  doc("r#3", fence("Ready check failed: dial tcp 10.9.8.7:9000: connect: connection refused")),
  doc(
    "r#4",
    fence(
      `Error from server (InternalError): error when creating "iris.yaml": Internal error occurred: ${WEBHOOK("10.96.1.1")}`,
    ),
  ),
  doc(
    "r#5",
    fence(`{"level":"error","msg":"Reconciler error","error":${JSON.stringify(WEBHOOK("10.96.7.7"))}}`),
  ),
  doc(
    "r#6",
    fence(
      "2024-06-11 14:31:11,502 [mlserver] ERROR - Some of the models failed to load during startup!\nmlserver.parallel.errors.WorkerError: builtins.AttributeError: 'NoneType' object has no attribute 'predict'",
    ),
  ),
  doc("r#7", "", { comments: [fence("AttributeError: 'NoneType' object has no attribute 'predict'")] }),
  doc("r#8", "How do I configure error handling for pipelines? Is there a timeout setting?"),
  doc("r#9", fence("Failed to schedule model as no matching servers are available"), { isPullRequest: true }),
  doc("r#10", "Feature request: support for custom error pages in the docs."),
];

const clusterOf = (r: ReturnType<typeof clusterIssues>, key: string) =>
  r.assignments.find((a) => a.key === key)?.clusterId;

describe("clusterIssues", () => {
  const result = clusterIssues(corpus, [], new Map());

  it("groups the same error pasted as JSON, logfmt and plain text", () => {
    expect(clusterOf(result, "r#1")).toBeTruthy();
    expect(clusterOf(result, "r#2")).toBe(clusterOf(result, "r#1"));
    expect(clusterOf(result, "r#3")).toBe(clusterOf(result, "r#1"));
  });

  it("groups a webhook error from kubectl with the operator's Reconciler error log", () => {
    expect(clusterOf(result, "r#4")).toBeTruthy();
    expect(clusterOf(result, "r#5")).toBe(clusterOf(result, "r#4"));
    expect(clusterOf(result, "r#4")).not.toBe(clusterOf(result, "r#1"));
  });

  it("uses the most specific error as primary and keeps the umbrella as secondary", () => {
    const a = result.assignments.find((x) => x.key === "r#6");
    expect(a?.primary?.template).toBe("AttributeError: 'NoneType' object has no attribute 'predict'");
    expect(a?.secondary.map((s) => s.template)).toContain(
      "Some of the models failed to load during startup!",
    );
    expect(clusterOf(result, "r#7")).toBe(clusterOf(result, "r#6"));
  });

  it("never clusters questions or feature requests", () => {
    for (const key of ["r#8", "r#10"]) expect(clusterOf(result, key)).toBeNull();
    const member = result.clusters.flatMap((c) => c.memberKeys);
    expect(member).not.toContain("r#8");
  });

  it("clusters a pull request that shows an error, and joins it to the issues reporting it", () => {
    expect(clusterOf(result, "r#9")).toBeTruthy();
    const withIssue = clusterIssues(
      [...corpus, doc("r#13", fence("Failed to schedule model as no matching servers are available"))],
      [],
      new Map(),
    );
    expect(clusterOf(withIssue, "r#9")).toBe(clusterOf(withIssue, "r#13"));
    const prose = clusterIssues(
      [doc("r#14", "Bump the chart version.", { isPullRequest: true })],
      [],
      new Map(),
    );
    expect(clusterOf(prose, "r#14")).toBeNull();
  });

  it("gives the same result for any input order", () => {
    const shuffled = [...corpus].reverse();
    expect(clusterIssues(shuffled, [], new Map())).toEqual(result);
  });

  it("keeps cluster ids when members are added", () => {
    const previous = new Map(
      result.assignments.flatMap((a) => (a.clusterId ? [[a.key, a.clusterId] as const] : [])),
    );
    const grown = [
      ...corpus,
      doc("r#11", fence("Ready check failed: dial tcp 10.0.0.9:9000: connect: connection refused")),
    ];
    const next = clusterIssues(grown, [], previous);
    expect(clusterOf(next, "r#11")).toBe(clusterOf(result, "r#1"));
    for (const [key, id] of previous) expect(clusterOf(next, key)).toBe(id);
  });

  it("derives new cluster ids from the signature id", () => {
    for (const c of result.clusters) expect(c.id).toMatch(/^cl_[0-9a-f]{16}/);
  });
});

describe("rarity is a share of the corpus", () => {
  // 400 distinct problems, each reported once, and one popular problem reported by 40 people: its
  // message is in 10% of the issues, common by count but the very thing those 40 reports share.
  const distinct = Array.from({ length: 400 }, (_, i) =>
    doc(
      `d#${i}`,
      fence(`ValueError: unsupported option opt${i.toString(36)}x${(i * 7919).toString(36)} in stage ${i}`),
    ),
  );
  const popular = (n: number, pid: number) => [
    doc(`p#${n}`, fence("no healthy upstream")),
    doc(
      `w#${n}`,
      fence(`WorkerError: Worker with PID ${pid} on default stopped unexpectedly with exit code 137`),
    ),
  ];
  const reports = [...distinct, ...Array.from({ length: 40 }, (_, n) => popular(n, 1000 + n)).flat()];

  it("keeps a popular problem's own message as evidence in a large corpus", () => {
    const r = clusterIssues(reports, [], new Map());
    for (const prefix of ["p", "w"]) {
      const ids = new Set(Array.from({ length: 40 }, (_, n) => clusterOf(r, `${prefix}#${n}`)));
      expect(ids.size, `${prefix} reports in one cluster`).toBe(1);
      expect([...ids][0]).not.toBeNull();
    }
    expect(clusterOf(r, "p#0")).not.toBe(clusterOf(r, "w#0"));
  });

  it("groups every report of one specific line even when it is the whole corpus", () => {
    const only = Array.from({ length: 60 }, (_, n) => popular(n, 2000 + n)[1] as IssueDoc);
    const r = clusterIssues(only, [], new Map());
    expect(new Set(only.map((d) => clusterOf(r, d.key))).size).toBe(1);
  });
});

describe("how real reports differ", () => {
  const wrapper = (n: number) =>
    `[E 201106 10:0${n}:00 web:1797] Uncaught exception POST /v1/models/m${n}:explain (10.1.0.${n})`;

  it("lets the exception a log line announces speak, even with the request printed between them", () => {
    const only = [1, 2, 3].map((n) => doc(`t#${n}`, fence(wrapper(n))));
    const withCause = doc(
      "t#9",
      fence(
        [
          wrapper(9),
          "    HTTPServerRequest(protocol='http', host='h', method='POST', uri='/v1/models/m9:explain',",
          "    version='HTTP/1.1', remote_ip='10.1.0.9')",
          "    Traceback (most recent call last):",
          '      File "/srv/explainer.py", line 12, in explain',
          "    AttributeError: 'KernelShap' object has no attribute 'background'",
        ].join("\n"),
      ),
    );
    const r = clusterIssues([...only, withCause], [], new Map());
    expect(new Set(only.map((d) => clusterOf(r, d.key))).size).toBe(1);
    expect(clusterOf(r, "t#9")).not.toBe(clusterOf(r, "t#1"));
  });

  it("reads a message printed twice on one line as that message", () => {
    const once = "upstream connect error or disconnect/reset before headers. reset reason: overflow";
    const r = clusterIssues(
      [doc("e#1", fence(once)), doc("e#2", fence(`${once}${once}`)), doc("e#3", fence(`${once}; ${once}`))],
      [],
      new Map(),
    );
    expect(new Set(["e#1", "e#2", "e#3"].map((k) => clusterOf(r, k))).size).toBe(1);
    expect(clusterOf(r, "e#1")).not.toBeNull();
  });

  it("ties reports that show only a crash-looping pod, but not a report that shows its cause beside it", () => {
    const row = (ns: string, pod: string, status: string) => `${ns}   ${pod}   0/1   ${status}   7   12m`;
    const describe = (code: number) =>
      `    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    ${code}`;
    const r = clusterIssues(
      [
        doc("p#1", fence(row("prod", "scorer-default-0-model-6b7c9d8f5-k2m4p", "CrashLoopBackOff"))),
        doc("p#2", fence(row("ml", "ranker-svc-orch-84b5dffcc-r7x8n", "CrashLoopBackOff"))),
        doc("p#3", fence(describe(137))),
        doc("p#4", fence(describe(137))),
        doc("p#5", fence(describe(139))),
      ],
      [],
      new Map(),
    );
    expect(clusterOf(r, "p#1")).not.toBeNull();
    expect(clusterOf(r, "p#1")).toBe(clusterOf(r, "p#2"));
    expect(clusterOf(r, "p#3")).toBe(clusterOf(r, "p#4"));
    expect(clusterOf(r, "p#3")).not.toBe(clusterOf(r, "p#1"));
    expect(clusterOf(r, "p#5")).not.toBe(clusterOf(r, "p#3"));
    expect(clusterOf(r, "p#5")).not.toBe(clusterOf(r, "p#1"));
  });

  it("ties a message quoted from memory in prose to the pasted one, but not another identifier's", () => {
    const r = clusterIssues(
      [
        doc(
          "q#1",
          fence("ImportError: cannot import name 'Widget' from 'gadgets.parts' (/opt/gadgets/parts.py)"),
        ),
        doc("q#2", "After upgrading, the server stops with: Cannot import Widget from gadgets.parts"),
        doc(
          "q#3",
          fence("ImportError: cannot import name 'Sprocket' from 'gadgets.parts' (/opt/gadgets/parts.py)"),
        ),
      ],
      [],
      new Map(),
    );
    expect(clusterOf(r, "q#2")).toBe(clusterOf(r, "q#1"));
    expect(clusterOf(r, "q#3")).not.toBe(clusterOf(r, "q#1"));
  });
});

describe("curator rules", () => {
  const base = clusterIssues(corpus, [], new Map());
  const sigOf = (key: string) => base.assignments.find((a) => a.key === key)?.primary?.id ?? "";

  it("merges two signatures' clusters and the merge survives a re-ingest", () => {
    const merge: ClusterRule = {
      id: "rule-1",
      kind: "merge",
      signatureIds: [sigOf("r#1"), sigOf("r#4")],
      targetClusterId: "cl_connrefused",
    };
    const merged = clusterIssues(corpus, [merge], new Map());
    expect(clusterOf(merged, "r#1")).toBe("cl_connrefused");
    expect(clusterOf(merged, "r#5")).toBe("cl_connrefused");
    const reingested = clusterIssues(
      [...corpus, doc("r#12", fence(WEBHOOK("10.96.3.3")))].reverse(),
      [merge],
      new Map(),
    );
    expect(clusterOf(reingested, "r#12")).toBe("cl_connrefused");
    expect(clusterOf(reingested, "r#3")).toBe("cl_connrefused");
  });

  it("splits listed issues into their own cluster and the split survives a re-ingest", () => {
    const split: ClusterRule = { id: "rule-2", kind: "split", signatureIds: [], issueKeys: ["r#3"] };
    const once = clusterIssues(corpus, [split], new Map());
    expect(clusterOf(once, "r#3")).not.toBe(clusterOf(once, "r#1"));
    expect(clusterOf(once, "r#2")).toBe(clusterOf(once, "r#1"));
    const previous = new Map(
      once.assignments.flatMap((a) => (a.clusterId ? [[a.key, a.clusterId] as const] : [])),
    );
    const again = clusterIssues([...corpus].reverse(), [split], previous);
    expect(clusterOf(again, "r#3")).toBe(clusterOf(once, "r#3"));
    expect(clusterOf(again, "r#1")).toBe(clusterOf(once, "r#1"));
  });

  it("splits by signature out of a merged cluster", () => {
    const merge: ClusterRule = { id: "a", kind: "merge", signatureIds: [sigOf("r#1"), sigOf("r#4")] };
    const split: ClusterRule = { id: "b", kind: "split", signatureIds: [sigOf("r#4")] };
    const r = clusterIssues(corpus, [merge, split], new Map());
    expect(clusterOf(r, "r#4")).toBe(clusterOf(r, "r#5"));
    expect(clusterOf(r, "r#4")).not.toBe(clusterOf(r, "r#1"));
  });
});
