import { describe, expect, it } from "vitest";
import { clusterIssues, type IssueDoc } from "../../../src/domain/cluster/index";
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
