import { describe, expect, it } from "vitest";
import { collectFeatures, prefixPostings, templateIndex } from "../../../src/domain/cluster/feature-stats";
import { clusterIssues, type IssueDoc } from "../../../src/domain/cluster/index";
import { type IssueEvidence, issueEvidence } from "../../../src/domain/evidence/issue-evidence";
import { extractErrorLines } from "../../../src/domain/signature/index";

// Report shapes seen in real threads that the first clustering pass left alone (issue 9).

function doc(key: string, body: string, extra: Partial<IssueDoc> = {}): IssueDoc {
  return { key, title: `issue ${key}`, body, comments: [], isPullRequest: false, ...extra };
}

const fence = (s: string) => `Here is what I get:\n\n\`\`\`\n${s}\n\`\`\`\n`;
const clusterOf = (r: ReturnType<typeof clusterIssues>, key: string) =>
  r.assignments.find((a) => a.key === key)?.clusterId;

describe("a relay that quotes a whole error", () => {
  const chain = (host: string) =>
    `admission webhook "mutate.gadgets.example.org" denied the request: Patch "https://${host}/mutate?timeout=10s": tls: bad record MAC (while talking to "gadget-hook")`;

  it("reads the quoted chain as the error, not the fragments quoted inside it", () => {
    const lines = extractErrorLines(fence(`Error "${chain("hook.ns-a.svc")}" for field "spec".`));
    expect(lines[0]?.message).toBe(chain("hook.ns-a.svc"));
  });

  it("reads a pasted chain as the error even when it quotes a URL that says timeout", () => {
    const lines = extractErrorLines(fence(chain("hook.team-b.svc")));
    expect(lines[0]?.message).toBe(chain("hook.team-b.svc"));
  });

  it("ties it to a report that pastes the same chain without the relay", () => {
    const r = clusterIssues(
      [
        doc("w#1", fence(`Error "${chain("hook.ns-a.svc")}" for field "undefined".`)),
        doc("w#2", fence(chain("hook.team-b.svc"))),
      ],
      [],
      new Map(),
    );
    expect(clusterOf(r, "w#1")).not.toBeNull();
    expect(clusterOf(r, "w#1")).toBe(clusterOf(r, "w#2"));
  });
});

describe("kubectl get pods rows", () => {
  const row = (pod: string, status: string, restarts: number) =>
    `${pod}   0/1   ${status}   ${restarts}   40m`;

  it("reads another pod's row beside a crash-looping one as a second symptom, not its cause", () => {
    const r = clusterIssues(
      [
        doc(
          "k#1",
          fence(
            [
              row("shop-ranker-gateway-5d8f7c6b9-q2w3e", "CrashLoopBackOff", 14),
              row("shop-ranker-model-a1b2c3-7f6e5d4c3-zx9yv", "ImagePullBackOff", 0),
            ].join("\n"),
          ),
        ),
        doc("k#2", fence(row("fraud-scorer-gateway-66c4b8d7f-m4n5b", "CrashLoopBackOff", 5))),
      ],
      [],
      new Map(),
    );
    expect(clusterOf(r, "k#1")).not.toBeNull();
    expect(clusterOf(r, "k#1")).toBe(clusterOf(r, "k#2"));
  });
});

describe("a relay's line cut before its cause", () => {
  const relay = (tmp: string) =>
    `deployctl failed: (deploy.error): Code 500 with message: Apply.Run : error when creating "/tmp/out${tmp}": Widget.gadgets.example.org "sprockets.gadgets.example.org"`;
  const full = (tmp: string, why: string) =>
    `${relay(tmp)} is invalid: [spec.parts[0].size: Required value: ${why}, spec.parts[1].size: Required value: ${why}]`;
  const nameSprocket = "must name a sprocket for every listed part";
  const positive = "must be a positive number of teeth per wheel";

  it("ties a copy cut inside the object's name to the one full line it starts", () => {
    const r = clusterIssues(
      [doc("c#1", fence(full("123", nameSprocket))), doc("c#2", fence(relay("987").slice(0, -12)))],
      [],
      new Map(),
    );
    expect(clusterOf(r, "c#2")).not.toBeNull();
    expect(clusterOf(r, "c#2")).toBe(clusterOf(r, "c#1"));
  });

  it("ties a copy that stops right after a clause's colon", () => {
    const closed = relay("555").replace(/ Widget.*$/, "");
    expect(closed.endsWith('":')).toBe(true);
    const r = clusterIssues(
      [doc("c#1", fence(full("123", nameSprocket))), doc("c#3", fence(closed))],
      [],
      new Map(),
    );
    expect(clusterOf(r, "c#3")).not.toBeNull();
    expect(clusterOf(r, "c#3")).toBe(clusterOf(r, "c#1"));
  });

  it("ties it to nothing when the full lines it starts end in different causes", () => {
    const r = clusterIssues(
      [
        doc("c#1", fence(full("123", nameSprocket))),
        doc("c#4", fence(full("456", positive))),
        doc("c#2", fence(relay("987").slice(0, -12))),
      ],
      [],
      new Map(),
    );
    expect(clusterOf(r, "c#1")).not.toBe(clusterOf(r, "c#4"));
    expect(clusterOf(r, "c#2")).not.toBe(clusterOf(r, "c#1"));
    expect(clusterOf(r, "c#2")).not.toBe(clusterOf(r, "c#4"));
  });

  it("never reads a title as a cut paste: a reporter writes it whole", () => {
    const cut = relay("987").slice(0, -12);
    const t = templateIndex(collectFeatures([issueEvidence(doc("c#1", fence(full("123", nameSprocket))))]));
    const pasted = issueEvidence(doc("c#8", fence(cut)));
    const titled = issueEvidence(
      doc("c#7", fence("ValueError: wheel size must be positive"), { title: cut }),
    );
    expect(titled.clusterable).toBe(true);
    expect(titled.lines.some((l) => l.message === pasted.lines[0]?.message)).toBe(true);
    expect(prefixPostings(pasted, 1, t).length).toBeGreaterThan(0);
    expect(prefixPostings(titled, 1, t)).toEqual([]);
  });

  it("matches a cut line to full lines only, never to another line cut after a clause", () => {
    const closedA = relay("555").replace(/ Widget.*$/, "");
    const evidence = [
      issueEvidence(doc("c#1", fence(full("123", nameSprocket)))),
      issueEvidence(doc("c#6", fence(`${relay("777")} is invalid:`))),
      issueEvidence(doc("c#5", fence(closedA))),
    ];
    const t = templateIndex(collectFeatures(evidence.slice(0, 2)));
    const matched = prefixPostings(evidence[2] as IssueEvidence, 2, t).map(([id]) => id);
    const fullIds = new Set(evidence[0]?.lines.flatMap((l) => l.features.map((f) => f.id)));
    const closedIds = new Set(evidence[1]?.lines.flatMap((l) => l.features.map((f) => f.id)));
    expect(matched.some((id) => fullIds.has(id))).toBe(true);
    expect(matched.filter((id) => closedIds.has(id))).toEqual([]);
  });
});
