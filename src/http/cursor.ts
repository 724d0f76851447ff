import type { z } from "zod";
import { AppError } from "./errors.js";

// Opaque to clients: base64url of JSON. Workers and Node both have btoa/atob.
export function encodeCursor(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const parsed = schema.safeParse(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)));
    if (parsed.success) return parsed.data;
  } catch {
    // falls through to the one answer for every malformed cursor
  }
  throw new AppError(
    "BAD_REQUEST",
    "cursor: not a cursor this API issued; use nextCursor from a previous page",
  );
}
