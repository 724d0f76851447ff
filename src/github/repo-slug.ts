export interface RepoSlug {
  owner: string;
  name: string;
  /** GitHub matches repository names case-insensitively; this is the storage key. */
  key: string;
}

// GitHub's own rules: owners are alphanumerics and single hyphens; repo names add dots and underscores.
const SLUG = /^([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})\/([A-Za-z0-9._-]{1,100})$/;

export function parseRepoSlug(text: string): RepoSlug | null {
  const match = SLUG.exec(text.trim());
  if (!match || match[2] === "." || match[2] === "..") return null;
  const owner = match[1]!;
  const name = match[2]!;
  return { owner, name, key: `${owner}/${name}`.toLowerCase() };
}
