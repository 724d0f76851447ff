import { afterEach, describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/corpus/generate";
import { type GitHubEmulator, startGitHubEmulator } from "../../src/emulators/github-emulator";

const corpus = generateCorpus({
  seed: 3,
  issuesPerRepo: { "SeldonIO/seldon-core": 5, "SeldonIO/MLServer": 5 },
});
const UP = "/repos/SeldonIO/seldon-core";

let emu: GitHubEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(forkPendingPolls = 2): Promise<GitHubEmulator> {
  emu = await startGitHubEmulator({
    corpus,
    git: { "SeldonIO/seldon-core": { branches: { v2: { "docs-gb/README.md": "# Docs\n" } } } },
    users: {
      "fine-grained": { login: "fg-user", scopes: null },
      classic: { login: "octo", scopes: ["public_repo", "gist"] },
    },
    pushers: { "SeldonIO/seldon-core": ["maintainer"] },
    forkPendingPolls,
  });
  return emu;
}

async function call(e: GitHubEmulator, method: string, path: string, body?: unknown, token = "classic") {
  const res = await fetch(`${e.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: contract tests read GitHub's JSON loosely and pin fields
  return { res, json: (text ? JSON.parse(text) : null) as any };
}

describe("GitHub emulator: users, repositories, forks", () => {
  it("answers /user with the token's login and its classic scopes in x-oauth-scopes", async () => {
    const e = await start();
    const me = await call(e, "GET", "/user");
    expect(me.json.login).toBe("octo");
    expect(me.res.headers.get("x-oauth-scopes")).toBe("public_repo, gist");
    const fg = await call(e, "GET", "/user", undefined, "fine-grained");
    expect(fg.res.headers.get("x-oauth-scopes")).toBeNull();
    const anonymous = await fetch(`${e.url}/user`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { message: string }).message).toBe("Requires authentication");
  });

  it("reports the caller's permissions on a repository and keeps serving its issues", async () => {
    const e = await start();
    expect((await call(e, "GET", UP)).json.permissions).toEqual({
      admin: false,
      maintain: false,
      push: false,
      triage: false,
      pull: true,
    });
    expect((await call(e, "GET", `${UP}/collaborators/maintainer/permission`)).json.permission).toBe("write");
    expect((await call(e, "GET", `${UP}/issues?state=all`)).json).toHaveLength(5);
  });

  it("forks with 202, answers 404 for the fork's first polls, then serves it as a fork of the upstream", async () => {
    const e = await start(2);
    const fork = await call(e, "POST", `${UP}/forks`, {});
    expect(fork.res.status).toBe(202);
    expect(fork.json).toMatchObject({ full_name: "octo/seldon-core", fork: true });
    expect((await call(e, "GET", "/repos/octo/seldon-core")).res.status).toBe(404);
    expect((await call(e, "GET", "/repos/octo/seldon-core")).res.status).toBe(404);
    const ready = await call(e, "GET", "/repos/octo/seldon-core");
    expect(ready.res.status).toBe(200);
    expect(ready.json.parent.full_name).toBe("SeldonIO/seldon-core");
    expect(ready.json.permissions.push).toBe(true);
    expect((await call(e, "GET", "/repos/octo/seldon-core/git/ref/heads/v2")).json.object.sha).toBe(
      (await call(e, "GET", `${UP}/git/ref/heads/v2`)).json.object.sha,
    );
    expect((await call(e, "POST", `${UP}/forks`, {})).res.status).toBe(202);
  });
});

describe("GitHub emulator: git data", () => {
  it("hashes blobs and trees exactly as git does", async () => {
    const e = await start(0);
    await call(e, "POST", `${UP}/forks`, {});
    const repo = "/repos/octo/seldon-core";
    const blob = await call(e, "POST", `${repo}/git/blobs`, { content: "hello\n", encoding: "utf-8" });
    expect(blob.res.status).toBe(201);
    expect(blob.json.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    const tree = await call(e, "POST", `${repo}/git/trees`, {
      tree: [
        { path: "hello.txt", mode: "100644", type: "blob", sha: blob.json.sha },
        { path: "docs/README.md", mode: "100644", type: "blob", content: "# T\n" },
      ],
    });
    expect(tree.res.status).toBe(201);
    expect(tree.json.sha).toBe("417a215a958575e1684dabb829258e398d887753");
    const listing = await call(e, "GET", `${repo}/git/trees/${tree.json.sha}?recursive=1`);
    expect(listing.json.tree.map((t: { path: string; type: string }) => `${t.type} ${t.path}`)).toEqual([
      "tree docs",
      "blob docs/README.md",
      "blob hello.txt",
    ]);
  });

  it("creates refs once, fast-forwards them, and refuses the rest with 422", async () => {
    const maintainer = "maintainer-token";
    emu = await startGitHubEmulator({
      corpus,
      git: { "SeldonIO/seldon-core": { branches: { v2: { "a.md": "a\n" } } } },
      users: { [maintainer]: { login: "maintainer", scopes: ["repo"] } },
      pushers: { "SeldonIO/seldon-core": ["maintainer"] },
    });
    const m = (method: string, path: string, body?: unknown) =>
      call(emu as GitHubEmulator, method, path, body, maintainer);
    const head = (await m("GET", `${UP}/git/ref/heads/v2`)).json.object.sha;
    const created = await m("POST", `${UP}/git/refs`, { ref: "refs/heads/kb/x", sha: head });
    expect(created.res.status).toBe(201);
    expect(created.json.ref).toBe("refs/heads/kb/x");
    expect((await m("POST", `${UP}/git/refs`, { ref: "refs/heads/kb/x", sha: head })).json.message).toBe(
      "Reference already exists",
    );
    const baseTree = (await m("GET", `${UP}/git/commits/${head}`)).json.tree.sha;
    const tree = await m("POST", `${UP}/git/trees`, {
      base_tree: baseTree,
      tree: [{ path: "a.md", mode: "100644", type: "blob", sha: null }],
    });
    const orphan = await m("POST", `${UP}/git/commits`, {
      message: "orphan",
      tree: tree.json.sha,
      parents: [],
    });
    expect(orphan.res.status).toBe(201);
    const refused = await m("PATCH", `${UP}/git/refs/heads/kb/x`, { sha: orphan.json.sha });
    expect(refused.res.status).toBe(422);
    expect(refused.json.message).toBe("Update is not a fast forward");
    expect(
      (await m("PATCH", `${UP}/git/refs/heads/kb/x`, { sha: orphan.json.sha, force: true })).res.status,
    ).toBe(200);
    expect(
      (await call(emu, "POST", `${UP}/git/refs`, { ref: "refs/heads/y", sha: head }, "classic")).res.status,
    ).toBe(404);
  });

  it("serves contents base64-encoded in 60-character lines, and 404 for a missing path", async () => {
    const e = await start(0);
    const file = await call(e, "GET", `${UP}/contents/docs-gb/README.md?ref=v2`);
    expect(file.json).toMatchObject({
      type: "file",
      encoding: "base64",
      path: "docs-gb/README.md",
      name: "README.md",
    });
    expect(Buffer.from(file.json.content, "base64").toString()).toBe("# Docs\n");
    const dir = await call(e, "GET", `${UP}/contents/docs-gb?ref=v2`);
    expect(dir.json.map((d: { name: string; type: string }) => [d.name, d.type])).toEqual([
      ["README.md", "file"],
    ]);
    expect((await call(e, "GET", `${UP}/contents/nope.md?ref=v2`)).res.status).toBe(404);
  });
});

describe("GitHub emulator: pull requests", () => {
  it("opens a PR from a fork once, refuses duplicates and empty ones with 422, and lists it by head", async () => {
    const e = await start(0);
    await call(e, "POST", `${UP}/forks`, {});
    const fork = "/repos/octo/seldon-core";
    const base = (await call(e, "GET", `${fork}/git/ref/heads/v2`)).json.object.sha;
    await call(e, "POST", `${fork}/git/refs`, { ref: "refs/heads/kb/t", sha: base });
    const empty = await call(e, "POST", `${UP}/pulls`, { title: "t", head: "octo:kb/t", base: "v2" });
    expect(empty.res.status).toBe(422);
    expect(empty.json.errors[0].message).toBe("No commits between v2 and octo:kb/t");
    const tree = (await call(e, "GET", `${fork}/git/commits/${base}`)).json.tree.sha;
    const t2 = await call(e, "POST", `${fork}/git/trees`, {
      base_tree: tree,
      tree: [{ path: "b.md", mode: "100644", type: "blob", content: "b\n" }],
    });
    const c = await call(e, "POST", `${fork}/git/commits`, {
      message: "b",
      tree: t2.json.sha,
      parents: [base],
    });
    expect((await call(e, "PATCH", `${fork}/git/refs/heads/kb/t`, { sha: c.json.sha })).res.status).toBe(200);
    const pr = await call(e, "POST", `${UP}/pulls`, {
      title: "docs: b",
      head: "octo:kb/t",
      base: "v2",
      body: "why",
    });
    expect(pr.res.status).toBe(201);
    expect(pr.json).toMatchObject({
      state: "open",
      title: "docs: b",
      head: { label: "octo:kb/t", sha: c.json.sha },
      base: { ref: "v2" },
    });
    const again = await call(e, "POST", `${UP}/pulls`, { title: "docs: b", head: "octo:kb/t", base: "v2" });
    expect(again.json.errors[0].message).toBe("A pull request already exists for octo:kb/t.");
    const listed = await call(e, "GET", `${UP}/pulls?state=open&head=octo:kb/t&base=v2`);
    expect(listed.json.map((p: { number: number }) => p.number)).toEqual([pr.json.number]);
    const edited = await call(e, "PATCH", `${UP}/pulls/${pr.json.number}`, { body: "new body" });
    expect(edited.json.body).toBe("new body");
  });
});
