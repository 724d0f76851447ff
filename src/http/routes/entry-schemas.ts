import { z } from "@hono/zod-openapi";
import type { EntryRow } from "../../db/schema.js";
import { ENTRY_STATES } from "../../domain/entry/index.js";
import { ProblemSchema } from "../validation.js";

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const list = (max: number, each: number) => z.array(text(each)).max(max, `at most ${max} items`);

export const EntryContentInput = z
  .strictObject({
    title: text(200).trim().min(1, "must not be empty"),
    symptom: text(20_000).default(""),
    errorSignatures: list(20, 2000).default([]),
    cause: text(20_000).default(""),
    resolution: text(50_000).default(""),
    affectedVersions: list(50, 100).default([]),
    components: list(30, 100).default([]),
    sourceIssues: z
      .array(z.string().regex(/^[\w.-]+\/[\w.-]+#\d+$/, "must look like Owner/repo#123"))
      .max(200)
      .default([]),
  })
  .openapi("EntryContent");

export const EntryPatchInput = z
  .strictObject({
    title: text(200).trim().min(1, "must not be empty"),
    symptom: text(20_000),
    errorSignatures: list(20, 2000),
    cause: text(20_000),
    resolution: text(50_000),
    affectedVersions: list(50, 100),
    components: list(30, 100),
    sourceIssues: z
      .array(z.string().regex(/^[\w.-]+\/[\w.-]+#\d+$/, "must look like Owner/repo#123"))
      .max(200),
  })
  .partial()
  .openapi("EntryPatch");

const CandidateFix = z.object({ text: z.string(), url: z.string(), author: z.string(), why: z.string() });

export const EntrySchema = z
  .object({
    id: z.string(),
    clusterId: z.string().nullable(),
    title: z.string(),
    symptom: z.string(),
    errorSignatures: z.array(z.string()),
    cause: z.string(),
    resolution: z.string(),
    affectedVersions: z.array(z.string()),
    components: z.array(z.string()),
    sourceIssues: z.array(z.string()),
    state: z.enum(ENTRY_STATES),
    version: z.number().int(),
    candidateFixes: z.array(CandidateFix),
    reviewReasons: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
    lastVerifiedAt: z.string().nullable(),
  })
  .openapi("Entry");

/** The one JSON form of an entry; candidate fixes are curator working material, not public text. */
export function entryJson(row: EntryRow, curator: boolean) {
  return {
    id: row.id,
    clusterId: row.clusterId,
    title: row.title,
    symptom: row.symptom,
    errorSignatures: row.errorSignatures,
    cause: row.cause,
    resolution: row.resolution,
    affectedVersions: row.affectedVersions,
    components: row.components,
    sourceIssues: row.sourceIssues,
    state: row.state,
    version: row.version,
    candidateFixes: curator ? row.candidateFixes : [],
    reviewReasons: row.reviewReasons,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    publishedAt: row.publishedAt,
    lastVerifiedAt: row.verifiedAt,
  };
}

export { PUBLIC_STATES } from "../../domain/entry/index.js";

export const EntryId = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "ent_abc123" }),
});

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

export const authProblems = {
  401: problem("No valid token (absent, unknown or revoked)"),
  403: problem("The token's role is not enough"),
} as const;

export const writeProblems = {
  ...authProblems,
  409: problem("The entry or cluster is not in a state that allows this"),
  422: problem("The entry cannot be published yet (cause or resolution missing)"),
} as const;

/** `If-Match: "3"` (or W/"3", or 3) → 3. */
export function parseIfMatch(header: string | undefined): number | null {
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header ?? "");
  return m?.[1] ? Number(m[1]) : null;
}

export const etagOf = (row: EntryRow) => `"${row.version}"`;
