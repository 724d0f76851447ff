import { WILDCARD } from "./types";

export function tokenize(template: string): string[] {
  return template.split(" ").filter((t) => t !== "");
}

// Tokens shaped like identifiers or values (digits, inner punctuation, quotes) vary
// freely; plain words are wildcarded only on frequency evidence, because in Seldon messages a
// plain word is usually the verb or cause that tells two errors apart.
export function isValueLike(token: string): boolean {
  if (token.includes(WILDCARD)) return true;
  const core = token.replace(/^[([{'"]+|[)\]},;:.!?'"]+$/g, "");
  if (core === "") return /^(?:\(\)|\[\]|\{\}|""|'')$/.test(token);
  if (/\d/.test(core)) return true;
  if (/^(['"]).+\1[,;:.)]*$/.test(token)) return true;
  return /\w[-_./@=:#\\]\w/.test(core);
}
