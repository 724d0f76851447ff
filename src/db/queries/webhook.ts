import { eq } from "drizzle-orm";
import type { Db, Statement } from "../client.js";
import { comments } from "../schema.js";

export function deleteCommentStatement(db: Db, id: number): Statement {
  return db.delete(comments).where(eq(comments.id, id));
}
