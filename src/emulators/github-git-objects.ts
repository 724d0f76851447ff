// Git objects as GitHub's git data API serves them, hashed exactly as git hashes them, in one store
// shared by a repository and its forks (GitHub keeps a fork network's objects together).
import { createHash } from "node:crypto";

export type TreeMode = "100644" | "100755" | "040000" | "160000" | "120000";

export interface TreeEntry {
  name: string;
  mode: TreeMode;
  type: "blob" | "tree" | "commit";
  sha: string;
}

export interface GitPerson {
  name: string;
  email: string;
  date: string;
}

export type GitObject =
  | { type: "blob"; content: Buffer }
  | { type: "tree"; entries: TreeEntry[] }
  | {
      type: "commit";
      tree: string;
      parents: string[];
      message: string;
      author: GitPerson;
      committer: GitPerson;
    };

export interface FlatEntry {
  path: string;
  mode: TreeMode;
  type: "blob" | "tree" | "commit";
  sha: string;
}

const hash = (type: string, body: Buffer) =>
  createHash("sha1")
    .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
    .digest("hex");

// git sorts tree entries by name, comparing a subtree's name as if it ended in "/".
const sortKey = (e: TreeEntry) => (e.type === "tree" ? `${e.name}/` : e.name);

function personLine(role: string, p: GitPerson): string {
  const seconds = Math.floor(Date.parse(p.date) / 1000);
  return `${role} ${p.name} <${p.email}> ${seconds} +0000`;
}

export class GitObjects {
  private readonly objects = new Map<string, GitObject>();

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha);
  }

  putBlob(content: Buffer): string {
    const sha = hash("blob", content);
    this.objects.set(sha, { type: "blob", content });
    return sha;
  }

  putTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) =>
      sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0,
    );
    const body = Buffer.concat(
      sorted.map((e) =>
        Buffer.concat([
          Buffer.from(`${e.mode === "040000" ? "40000" : e.mode} ${e.name}\0`),
          Buffer.from(e.sha, "hex"),
        ]),
      ),
    );
    const sha = hash("tree", body);
    this.objects.set(sha, { type: "tree", entries: sorted });
    return sha;
  }

  putCommit(commit: {
    tree: string;
    parents: string[];
    message: string;
    author: GitPerson;
    committer: GitPerson;
  }): string {
    const lines = [
      `tree ${commit.tree}`,
      ...commit.parents.map((p) => `parent ${p}`),
      personLine("author", commit.author),
      personLine("committer", commit.committer),
      "",
      commit.message,
    ];
    const sha = hash("commit", Buffer.from(lines.join("\n")));
    this.objects.set(sha, { type: "commit", ...commit });
    return sha;
  }

  /** Every entry under a tree, depth first, with full paths (GitHub's `recursive=1` listing). */
  flatten(treeSha: string, prefix = ""): FlatEntry[] {
    const tree = this.objects.get(treeSha);
    if (tree?.type !== "tree") return [];
    return tree.entries.flatMap((e) => {
      const path = `${prefix}${e.name}`;
      const self: FlatEntry = { path, mode: e.mode, type: e.type, sha: e.sha };
      return e.type === "tree" ? [self, ...this.flatten(e.sha, `${path}/`)] : [self];
    });
  }

  /** A tree from file paths (blobs only); subtrees are built from the "/" in the paths. */
  treeFromFiles(files: Map<string, { mode: TreeMode; sha: string; type?: "blob" | "commit" }>): string {
    const children = new Map<
      string,
      Map<string, { mode: TreeMode; sha: string; type?: "blob" | "commit" }>
    >();
    const entries: TreeEntry[] = [];
    for (const [path, file] of files) {
      const slash = path.indexOf("/");
      if (slash < 0) {
        entries.push({ name: path, mode: file.mode, type: file.type ?? "blob", sha: file.sha });
        continue;
      }
      const dir = path.slice(0, slash);
      const sub = children.get(dir) ?? new Map();
      sub.set(path.slice(slash + 1), file);
      children.set(dir, sub);
    }
    for (const [dir, sub] of children)
      entries.push({ name: dir, mode: "040000", type: "tree", sha: this.treeFromFiles(sub) });
    return this.putTree(entries);
  }

  /** Files (non-tree entries) of a tree by full path. */
  filesOf(treeSha: string): Map<string, { mode: TreeMode; sha: string; type?: "blob" | "commit" }> {
    const out = new Map<string, { mode: TreeMode; sha: string; type?: "blob" | "commit" }>();
    for (const e of this.flatten(treeSha))
      if (e.type !== "tree") out.set(e.path, { mode: e.mode, sha: e.sha, type: e.type });
    return out;
  }

  /** True when `ancestor` is reachable from `sha` through parents (a commit is its own ancestor). */
  isAncestor(ancestor: string, sha: string): boolean {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const at = stack.pop() as string;
      if (at === ancestor) return true;
      if (seen.has(at)) continue;
      seen.add(at);
      const obj = this.objects.get(at);
      if (obj?.type === "commit") stack.push(...obj.parents);
    }
    return false;
  }
}
