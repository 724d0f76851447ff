import { afterEach, describe, expect, it } from "vitest";
import { ExportError } from "../../src/export/export-error.js";
import { editEntry } from "../helpers/export-entries.js";
import { MAINTAINER, NO_SCOPE, type PrHarness, startPrHarness } from "./pr-harness.js";

let h: PrHarness | undefined;
afterEach(async () => {
  await h?.emu.close();
  h = undefined;
});

async function failure(promise: Promise<unknown>): Promise<ExportError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ExportError)) throw new Error(`expected an ExportError, got ${String(error)}`);
  expect(error.message).not.toContain("\n");
  return error;
}

describe("docs pull request errors", () => {
  it("stops before any write when the token lacks public_repo", async () => {
    h = await startPrHarness();
    const error = await failure(h.run({}, NO_SCOPE));
    expect(error.code).toBe("MISSING_SCOPE");
    expect(error.message).toBe(
      "the token of kb-reader lacks the public_repo scope (it has: read:org); create a token with public_repo to open pull requests",
    );
    expect(h.emu.stats.writes).toBe(0);
  });

  it("says the upstream was not found on a 404", async () => {
    h = await startPrHarness();
    const error = await failure(h.run({ upstream: "SeldonIO/seldon-corr" }));
    expect(error.code).toBe("UPSTREAM_NOT_FOUND");
    expect(error.message).toContain("upstream SeldonIO/seldon-corr not found (404)");
  });

  it("names a base branch that does not exist", async () => {
    h = await startPrHarness();
    const error = await failure(h.run({ base: "release-9.9" }, MAINTAINER));
    expect(error.code).toBe("BASE_NOT_FOUND");
    expect(h.emu.stats.writes).toBe(0);
  });

  it("reports GitHub's 422 when someone else moved the PR branch during the run", async () => {
    h = await startPrHarness();
    await h.run({}, MAINTAINER);
    await editEntry(h.database, "ent_kafka_resolve", { cause: "Edited." });
    const stop = h.emu.onRequest(({ method, path }) => {
      if (method === "POST" && path.endsWith("/git/commits")) {
        stop();
        h?.emu.git?.commitFiles(
          "SeldonIO/seldon-core",
          "kb/troubleshooting",
          { "docs-gb/x.md": "x\n" },
          "someone else",
        );
      }
    });
    const error = await failure(h.run({}, MAINTAINER));
    expect(error.code).toBe("REFUSED");
    expect(error.message).toBe(
      "GitHub refused to update refs/heads/kb/troubleshooting in SeldonIO/seldon-core (422): Update is not a fast forward",
    );
  });

  it("stops with the reset time when the rate limit is exhausted", async () => {
    h = await startPrHarness();
    h.emu.mutate.exhaustRateLimit(600);
    const error = await failure(h.run());
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).toMatch(
      /rate limit exhausted while trying to read the token's user; it resets at \S+Z \(in \d+ min\)\. Rerun then/,
    );
  });

  it("waits for the reset instead when asked to, then opens the PR", async () => {
    h = await startPrHarness();
    h.emu.mutate.exhaustRateLimit(1);
    let userCalls = 0;
    h.emu.onRequest(({ path }) => {
      if (path === "/user") userCalls += 1;
    });
    const outcome = await h.run({}, undefined, true);
    expect(outcome.kind).toBe("opened");
    // The first /user was refused with the exhausted limit; the retry after the reset went through.
    expect(userCalls).toBe(2);
  });

  it("rebuilds the commit once on the new head when the base branch moves during the run", async () => {
    h = await startPrHarness();
    const stop = h.emu.onRequest(({ method, path }) => {
      if (method === "POST" && path.endsWith("/git/commits")) {
        stop();
        h?.emu.git?.commitFiles(
          "SeldonIO/seldon-core",
          "v2",
          { "docs-gb/faqs.md": "# FAQs\n\nMoved.\n" },
          "upstream work",
        );
      }
    });
    const outcome = await h.run();
    expect(outcome).toMatchObject({ kind: "opened", retriedOnNewBase: true });
    expect(h.log).toContain("v2 moved while the commit was being built; rebuilding on its new head");
    const head = h.emu.git?.objects.get(
      h.branchHead("kb-contributor/seldon-core", "kb/troubleshooting") ?? "",
    );
    expect(head?.type === "commit" && head.parents).toEqual([h.branchHead("SeldonIO/seldon-core", "v2")]);
  });

  it("gives up with one line when the base keeps moving", async () => {
    h = await startPrHarness();
    let n = 0;
    h.emu.onRequest(({ method, path }) => {
      if (method === "POST" && path.endsWith("/git/commits"))
        h?.emu.git?.commitFiles(
          "SeldonIO/seldon-core",
          "v2",
          { "docs-gb/faqs.md": `# FAQs\n\n${++n}\n` },
          "busy",
        );
    });
    const error = await failure(h.run());
    expect(error.code).toBe("BASE_MOVED");
    expect(h.emu.git?.pulls).toHaveLength(0);
  });

  it("refuses to propose an empty troubleshooting section", async () => {
    h = await startPrHarness();
    for (const id of ["ent_env_hash", "ent_pydantic"]) await editEntry(h.database, id, { state: "archived" });
    const error = await failure(h.run({ upstream: "SeldonIO/MLServer" }));
    expect(error.code).toBe("NOTHING_TO_EXPORT");
    expect(error.message).toBe(
      "no published entry belongs in the MLServer docs yet; publish entries (or set their target) first",
    );
    expect(h.emu.stats.writes).toBe(0);
  });

  it("asks for --target when the upstream holds none of Seldon's docs", async () => {
    h = await startPrHarness({
      git: {
        "kb-maintainer/docs": { branches: { main: { "docs-gb/SUMMARY.md": "# Table of contents\n" } } },
      },
    });
    const error = await failure(h.run({ upstream: "kb-maintainer/docs" }, MAINTAINER));
    expect(error.code).toBe("UNKNOWN_DOCS");
    const outcome = await h.run({ upstream: "kb-maintainer/docs", target: "mlserver" }, MAINTAINER);
    expect(outcome).toMatchObject({ kind: "opened", base: "main" });
  });
});
