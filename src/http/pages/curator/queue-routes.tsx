import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { ignoreCluster, restoreCluster, snoozeCluster } from "../../../curation/corrections.js";
import { createEntry, promoteCluster } from "../../../curation/entries.js";
import { listQueue } from "../../../curation/queue-page.js";
import { fenced, readableTitle } from "../../../domain/entry/index.js";
import { decodeCursor, encodeCursor } from "../../cursor.js";
import type { AppEnv } from "../../deps.js";
import { QueueQuery } from "../../routes/queue.js";
import { DateField, formFields } from "./forms.js";
import { QueuePage } from "./queue-page.js";
import { requirePageRole } from "./session.js";

const curator = requirePageRole("curator");
const actor = (c: Context<AppEnv>) => c.get("session")!.principal.label;
const QueueCursor = z.object({ s: z.number(), i: z.string() });

function back(c: Context<AppEnv>, fields: Record<string, string>, notice: string) {
  const to = fields.back?.startsWith("/") && !fields.back.startsWith("//") ? fields.back : "/queue";
  return c.redirect(`${to}${to.includes("?") ? "&" : "?"}notice=${encodeURIComponent(notice)}`, 303);
}

export function queuePages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.use("/queue", curator);
  pages.use("/queue/*", curator);

  pages.get("/queue", async (c) => {
    const query = Object.fromEntries(
      Object.entries(c.req.query()).filter(([k, v]) => v !== "" && k !== "notice"),
    );
    const parsed = QueueQuery.safeParse(query);
    if (!parsed.success) {
      c.status(400);
      return c.render(
        <p class="error">{parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}</p>,
        {
          title: "Review queue",
        },
      );
    }
    const { limit, cursor, ...filters } = parsed.data;
    const after = cursor ? decodeCursor(cursor, QueueCursor) : undefined;
    const page = await listQueue(c.var.deps, {
      ...filters,
      limit,
      after: after && { score: after.s, id: after.i },
    });
    const params = new URLSearchParams({
      ...filters,
      ...(page.next ? { cursor: encodeCursor({ s: page.next.score, i: page.next.id }) } : {}),
    });
    return c.render(
      <QueuePage
        items={page.items}
        filters={filters}
        nextHref={page.next ? `/queue?${params}` : null}
        notice={c.req.query("notice")}
      />,
      { title: "Review queue" },
    );
  });

  pages.post("/queue/promote", async (c) => {
    const { clusterId = "" } = await formFields(c);
    const entry = await promoteCluster(c.var.deps, { clusterId, actor: actor(c) });
    return c.redirect(
      `/entries/${entry.id}/edit?notice=${encodeURIComponent("Draft created from the cluster's evidence.")}`,
      303,
    );
  });

  pages.post("/queue/ignore", async (c) => {
    const fields = await formFields(c);
    const reason = (fields.reason ?? "").trim();
    if (!reason) return c.redirect("/queue?notice=Say%20why%20you%20ignore%20it.", 303);
    await ignoreCluster(c.var.deps, { clusterId: fields.clusterId ?? "", reason, actor: actor(c) });
    return back(c, fields, `Ignored ${fields.clusterId}. Undo it from the corrections page.`);
  });

  pages.post("/queue/snooze", async (c) => {
    const fields = await formFields(c);
    const until = DateField.safeParse(fields.until);
    if (!until.success) return c.redirect("/queue?notice=Pick%20a%20date%20to%20snooze%20until.", 303);
    await snoozeCluster(c.var.deps, {
      clusterId: fields.clusterId ?? "",
      until: `${until.data}T00:00:00.000Z`,
      reason: fields.reason ?? "",
      actor: actor(c),
    });
    return back(c, fields, `Snoozed ${fields.clusterId} until ${until.data}.`);
  });

  pages.post("/queue/restore", async (c) => {
    const fields = await formFields(c);
    await restoreCluster(c.var.deps, { clusterId: fields.clusterId ?? "", actor: actor(c) });
    return back(c, fields, `${fields.clusterId} is back in the queue.`);
  });

  pages.post("/queue/draft", async (c) => {
    const template = ((await formFields(c)).template ?? "").slice(0, 2000);
    const entry = await createEntry(c.var.deps, {
      content: {
        title: readableTitle(template) || "New entry",
        symptom: `People searched for this and found nothing:\n\n${fenced(template)}`,
        errorSignatures: template ? [template] : [],
        cause: "",
        resolution: "",
        affectedVersions: [],
        components: [],
        sourceIssues: [],
      },
      clusterId: null,
      actor: actor(c),
    });
    return c.redirect(`/entries/${entry.id}/edit`, 303);
  });
  return pages;
}
