import type { Context } from "hono";
import { z } from "zod";
import type { EntryContent } from "../../../domain/entry/index.js";
import type { AppEnv } from "../../deps.js";
import { EntryPatchInput } from "../../routes/entry-schemas.js";

/** The form's text fields; a file where text belongs is refused like any other bad input. */
export async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

export async function formList(c: Context<AppEnv>, name: string): Promise<string[]> {
  const body = await c.req.parseBody({ all: true });
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === "string",
  );
}

const splitLines = (text: string | undefined) =>
  (text ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");

/** The edit form → entry content, validated by the same schema as PATCH /api/entries/:id. */
export function contentFromForm(
  fields: Record<string, string>,
): { content: EntryContent } | { error: string } {
  const parsed = EntryPatchInput.required().safeParse({
    title: fields.title ?? "",
    symptom: (fields.symptom ?? "").replaceAll("\r\n", "\n"),
    cause: (fields.cause ?? "").replaceAll("\r\n", "\n"),
    resolution: (fields.resolution ?? "").replaceAll("\r\n", "\n"),
    errorSignatures: splitLines(fields.errorSignatures),
    affectedVersions: splitLines(fields.affectedVersions),
    components: splitLines(fields.components),
    sourceIssues: splitLines(fields.sourceIssues),
  });
  if (!parsed.success)
    return {
      error: parsed.error.issues.map((i) => `${i.path.join(".") || "form"}: ${i.message}`).join("; "),
    };
  return { content: parsed.data as EntryContent };
}

export const DateField = z.iso.date();
