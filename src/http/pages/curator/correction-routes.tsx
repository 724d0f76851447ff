import type { Context } from "hono";
import { Hono } from "hono";
import { listCorrections, mergeInto, splitOut, undoCorrection } from "../../../curation/corrections.js";
import { CurationError } from "../../../curation/errors.js";
import { clusterOrThrow } from "../../../curation/evidence.js";
import { listAudit } from "../../../db/queries/audit.js";
import { getCuration, listCuration, listIssuesOfClusters } from "../../../db/queries/curation.js";
import type { AppEnv } from "../../deps.js";
import { CorrectionsPage, CuratePage } from "./corrections-pages.js";
import { formFields, formList } from "./forms.js";
import { requirePageRole } from "./session.js";

const curator = requirePageRole("curator");
const actor = (c: Context<AppEnv>) => c.get("session")!.principal.label;

async function renderCurate(c: Context<AppEnv>, id: string, error?: string) {
  const { db } = c.var.deps.database;
  const cluster = await clusterOrThrow(db, id);
  const [members, curation] = await Promise.all([listIssuesOfClusters(db, [id]), getCuration(db, id)]);
  if (error) c.status(400);
  return c.render(<CuratePage cluster={cluster} members={members} curation={curation} error={error} />, {
    title: `Correct ${id}`,
  });
}

export function correctionPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.use("/clusters/:id/curate", curator);
  pages.use("/clusters/:id/curate/*", curator);
  pages.use("/corrections", curator);
  pages.use("/corrections/*", curator);

  pages.get("/clusters/:id/curate", (c) => renderCurate(c, c.req.param("id")));

  pages.post("/clusters/:id/curate/split", async (c) => {
    const id = c.req.param("id");
    const issues = await formList(c, "issue");
    const reason = ((await formFields(c)).reason ?? "").trim();
    if (issues.length === 0 || !reason)
      return renderCurate(c, id, "Tick at least one issue and say why it is different.");
    try {
      const out = await splitOut(c.var.deps, { clusterId: id, issueKeys: issues, reason, actor: actor(c) });
      const split = out.clusters.find((x) => x.id !== id);
      return c.redirect(split ? `/clusters/${split.id}` : `/clusters/${id}`, 303);
    } catch (error) {
      if (error instanceof CurationError && error.code === "BAD_REQUEST")
        return renderCurate(c, id, error.message);
      throw error;
    }
  });

  pages.post("/clusters/:id/curate/merge", async (c) => {
    const id = c.req.param("id");
    const fields = await formFields(c);
    const other = (fields.other ?? "").trim();
    const reason = (fields.reason ?? "").trim();
    if (!other || !reason)
      return renderCurate(c, id, "Name the other cluster and say why they are the same.");
    try {
      const clusterIds = fields.direction === "there" ? [other, id] : [id, other];
      await mergeInto(c.var.deps, { clusterIds, reason, actor: actor(c) });
      return c.redirect(`/clusters/${clusterIds[0]}`, 303);
    } catch (error) {
      if (error instanceof CurationError) return renderCurate(c, id, error.message);
      throw error;
    }
  });

  pages.get("/corrections", async (c) => {
    const { db } = c.var.deps.database;
    const [rules, curation, audit] = await Promise.all([
      listCorrections(c.var.deps),
      listCuration(db),
      listAudit(db, { limit: 50 }),
    ]);
    return c.render(<CorrectionsPage rules={rules} curation={curation} audit={audit} />, {
      title: "Corrections",
    });
  });

  pages.post("/corrections/undo", async (c) => {
    const { ruleId = "" } = await formFields(c);
    await undoCorrection(c.var.deps, { ruleId, reason: "undone from the corrections page", actor: actor(c) });
    return c.redirect("/corrections", 303);
  });
  return pages;
}
