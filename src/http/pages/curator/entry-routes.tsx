import type { Context } from "hono";
import { Hono } from "hono";
import {
  archiveEntry,
  entryOrThrow,
  entryVersions,
  publishEntry,
  updateEntry,
} from "../../../curation/entries.js";
import { StaleVersionError } from "../../../curation/errors.js";
import { listEntries, listEntryVersions } from "../../../db/queries/entries.js";
import type { EntryRow } from "../../../db/schema.js";
import { contentOf, ENTRY_STATES, type EntryContent } from "../../../domain/entry/index.js";
import type { AppEnv } from "../../deps.js";
import { visibleEntry } from "../../routes/entries.js";
import { PUBLIC_STATES } from "../../routes/entry-schemas.js";
import { ConflictPage, EditPage } from "./edit-page.js";
import { EntryList, EntryView, HistoryPage } from "./entry-pages.js";
import { contentFromForm, formFields } from "./forms.js";
import { requirePageRole } from "./session.js";

const curator = requirePageRole("curator");
const signedIn = (c: Context<AppEnv>) => c.get("session") !== undefined;
const actor = (c: Context<AppEnv>) => c.get("session")!.principal.label;

/** The candidate fix quoted into the resolution with a link to where it was said. */
function withCandidate(content: EntryContent, entry: EntryRow, index: number): EntryContent {
  const fix = entry.candidateFixes[index];
  if (!fix) return content;
  const quoted = fix.text
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
  const cite = `(${fix.author}, [source comment](${fix.url}))`;
  return {
    ...content,
    resolution: [content.resolution.trim(), `${quoted}\n\n${cite}`].filter(Boolean).join("\n\n"),
  };
}

async function saveFromForm(c: Context<AppEnv>, entry: EntryRow) {
  const fields = await formFields(c);
  const version = Number(fields.version);
  const parsed = contentFromForm(fields);
  const render = (content: EntryContent, error?: string, status: 200 | 400 | 409 | 422 = 200) => {
    c.status(status);
    return c.render(<EditPage entry={entry} content={content} version={version} error={error} />, {
      title: `Edit ${entry.title}`,
    });
  };
  if ("error" in parsed) return render(contentOf(entry), parsed.error, 400);
  if (fields.insert !== undefined) return render(withCandidate(parsed.content, entry, Number(fields.insert)));
  try {
    const saved = await updateEntry(c.var.deps, {
      id: entry.id,
      expectedVersion: version,
      patch: parsed.content,
      actor: actor(c),
    });
    if (fields.action === "publish") {
      const published = await publishEntry(c.var.deps, {
        id: entry.id,
        actor: actor(c),
        expectedVersion: saved.version,
      });
      return c.redirect(`/entries/${published.id}`, 303);
    }
    return c.redirect(
      `/entries/${entry.id}/edit?notice=${encodeURIComponent(`Saved as version ${saved.version}.`)}`,
      303,
    );
  } catch (error) {
    if (error instanceof StaleVersionError) {
      const by = (await listEntryVersions(c.var.deps.database.db, entry.id))[0]?.editedBy ?? "someone";
      c.status(409);
      return c.render(
        <ConflictPage entry={error.current} mine={parsed.content} theirsBy={by} readVersion={version} />,
        {
          title: "Edit conflict",
        },
      );
    }
    if ((error as { code?: string }).code === "UNPROCESSABLE") {
      const fresh = await entryOrThrow(c.var.deps, entry.id);
      c.status(422);
      return c.render(
        <EditPage
          entry={fresh}
          content={contentOf(fresh)}
          version={fresh.version}
          error={(error as Error).message}
        />,
        { title: `Edit ${entry.title}` },
      );
    }
    throw error;
  }
}

export function entryPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.use("/entries/:id/edit", curator);
  pages.use("/entries/:id/archive", curator);

  pages.get("/entries", async (c) => {
    const states = signedIn(c) ? [...ENTRY_STATES] : PUBLIC_STATES;
    const entries = await listEntries(c.var.deps.database.db, { states, limit: 100 });
    return c.render(<EntryList entries={entries} curator={signedIn(c)} />, { title: "Entries" });
  });

  pages.get("/entries/:id", async (c) => {
    const entry = await visibleEntry(c.var.deps, c.req.param("id"), signedIn(c));
    return c.render(<EntryView entry={entry} curator={signedIn(c)} />, { title: entry.title });
  });

  pages.get("/entries/:id/history", async (c) => {
    const entry = await visibleEntry(c.var.deps, c.req.param("id"), signedIn(c));
    const versions = await entryVersions(c.var.deps, entry.id);
    return c.render(<HistoryPage entry={entry} versions={versions} />, { title: `History: ${entry.title}` });
  });

  pages.get("/entries/:id/edit", async (c) => {
    const entry = await entryOrThrow(c.var.deps, c.req.param("id"));
    return c.render(
      <EditPage
        entry={entry}
        content={contentOf(entry)}
        version={entry.version}
        notice={c.req.query("notice")}
      />,
      { title: `Edit ${entry.title}` },
    );
  });

  pages.post("/entries/:id/edit", async (c) =>
    saveFromForm(c, await entryOrThrow(c.var.deps, c.req.param("id"))),
  );

  pages.post("/entries/:id/archive", async (c) => {
    const entry = await archiveEntry(c.var.deps, { id: c.req.param("id"), actor: actor(c) });
    return c.redirect(`/entries/${entry.id}`, 303);
  });
  return pages;
}
