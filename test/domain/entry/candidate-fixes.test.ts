import { describe, expect, it } from "vitest";
import { candidateFixes, type Thread } from "../../../src/domain/entry/candidate-fixes.js";
import { prefillEntry, readableTitle } from "../../../src/domain/entry/prefill.js";

const comment = (n: number, body: string, author: string, association: string | null) => ({
  issueKey: "SeldonIO/MLServer#1",
  body,
  author,
  association,
  url: `https://github.com/SeldonIO/MLServer/issues/1#issuecomment-${n}`,
  createdAt: `2024-01-0${n}T00:00:00Z`,
});

const thread: Thread = {
  key: "SeldonIO/MLServer#1",
  author: "reporter",
  stateReason: "completed",
  closedAt: "2024-01-09T00:00:00Z",
  comments: [
    comment(1, "Which version are you running? Can you paste the full logs?", "maint", "MEMBER"),
    comment(2, "+1", "someone", "NONE"),
    comment(3, "I restarted the pod and set `parallel_workers` to 1, that worked for me.", "helper", "NONE"),
    comment(4, "Raise the memory limit of the model container. Fixed by #1234.", "maint", "MEMBER"),
    comment(5, "thanks, that fixed it", "reporter", "NONE"),
    comment(6, "This issue has been marked stale.", "stale[bot]", "NONE"),
  ],
};

describe("candidateFixes", () => {
  it("ranks the maintainer's fix first, keeps a user's how-to, drops questions, chatter and bots", () => {
    const fixes = candidateFixes([thread]);
    expect(fixes[0]?.url).toContain("issuecomment-4");
    expect(fixes[0]?.why).toMatch(/maintainer \(MEMBER\).*points at the fix.*reporter said it worked/);
    expect(fixes.map((f) => f.url)).not.toContain(thread.comments[0]!.url);
    expect(fixes.some((f) => f.text === "+1" || f.author === "stale[bot]")).toBe(false);
    expect(fixes.some((f) => f.url.endsWith("issuecomment-3"))).toBe(true);
  });

  it("keeps at most five and no two alike", () => {
    const many: Thread[] = Array.from({ length: 8 }, (_, i) => ({
      ...thread,
      key: `SeldonIO/MLServer#${i}`,
      comments: [comment(4, `Fixed by #${100 + i}.`, "maint", "MEMBER")].map((c) => ({
        ...c,
        url: `${c.url}-${i}`,
      })),
    }));
    expect(candidateFixes(many)).toHaveLength(1);
  });
});

describe("prefillEntry", () => {
  it("is deterministic and reads title, symptom, versions, components and sources from the evidence", () => {
    const evidence = {
      template: "TypeError: Object of type <*> is not JSON serializable",
      otherTemplates: ["TypeError: Object of type <*> is not JSON serializable"],
      samples: ["TypeError: Object of type int64 is not JSON serializable", "x ``` y"],
      issues: [
        {
          key: "SeldonIO/MLServer#2",
          repo: "SeldonIO/MLServer",
          title: "t",
          body: "MLServer: 1.3.5",
          labels: ["bug", "runtime"],
        },
        {
          key: "SeldonIO/MLServer#10",
          repo: "SeldonIO/MLServer",
          title: "t",
          body: "mlserver==1.4.0",
          labels: [],
        },
      ],
      threads: [thread],
    };
    const draft = prefillEntry(evidence);
    expect(prefillEntry(evidence)).toEqual(draft);
    expect(draft.title).toBe("TypeError: Object of type … is not JSON serializable");
    expect(draft.symptom).toContain("int64");
    // A sample with backticks cannot close the code fence early.
    expect(draft.symptom).toContain("````\nTypeError");
    expect(draft.affectedVersions).toEqual(["MLServer 1.3.5", "MLServer 1.4.0"]);
    expect(draft.components).toEqual(["mlserver", "runtime"]);
    expect(draft.sourceIssues).toEqual(["SeldonIO/MLServer#2", "SeldonIO/MLServer#10"]);
    expect(draft.cause).toBe("");
    expect(draft.candidateFixes.length).toBeGreaterThan(0);
  });

  it("turns wildcards into readable ellipses", () => {
    expect(readableTitle("Failed <*> <*> to load <*>")).toBe("Failed … to load …");
  });
});
