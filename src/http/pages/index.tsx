import type { Context } from "hono";
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import {
  getCluster,
  listClusterEvidence,
  listClusterMembers,
  listClusterTies,
} from "../../db/queries/clusters.js";
import { readableTitle } from "../../domain/entry/index.js";
import { checkQueryText, type SearchFilters, SearchInputError } from "../../search/index.js";
import { BODY_LIMITS, limitPageBody } from "../body-limit.js";
import type { AppEnv, AppRouter } from "../deps.js";
import { rawParamIsUtf8, SearchQuery, searchServiceOf } from "../routes/search.js";
import { ClusterPage } from "./cluster-page.js";
import { pageRenderer } from "./layout.js";
import { SearchPage } from "./search-page.js";

const PageQuery = SearchQuery.partial({ q: true });

function tooLarge(c: Context<AppEnv>) {
  c.status(413);
  return c.render(
    <SearchPage
      text=""
      filters={{}}
      outcome={null}
      error="the text is larger than 64 KiB; paste the part of the log around the error"
    />,
    {
      title: "Search",
    },
  );
}

// A form sends every field, empty or not; an empty filter means "no filter".
function present(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ""));
}

async function renderSearch(c: Context<AppEnv>, fields: Record<string, unknown>, utf8 = true) {
  const parsed = PageQuery.safeParse(present(fields));
  const text = typeof fields.q === "string" ? fields.q : "";
  if (!parsed.success) {
    c.status(400);
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "form"}: ${i.message}`).join("; ");
    return c.render(<SearchPage text={text} filters={{}} outcome={null} error={detail} />, {
      title: "Search",
    });
  }
  const { q, limit, ...filters } = parsed.data;
  const shown = { text: q ?? "", filters: filters as SearchFilters };
  if (q === undefined)
    return c.render(<SearchPage {...shown} outcome={null} error={null} />, { title: "Search" });
  const problem = utf8
    ? checkQueryText(q)
    : { kind: "invalid-utf8" as const, message: "the text is not valid UTF-8; paste it as text" };
  if (problem) {
    c.status(problem.kind === "too-large" ? 413 : 400);
    return c.render(
      <SearchPage
        {...shown}
        text={problem.kind === "too-large" ? "" : shown.text}
        outcome={null}
        error={problem.message}
      />,
      { title: "Search" },
    );
  }
  try {
    const outcome = await searchServiceOf(c.var.deps).search({ text: q, limit, filters });
    return c.render(<SearchPage {...shown} outcome={outcome} error={null} />, { title: "Search" });
  } catch (error) {
    if (!(error instanceof SearchInputError)) throw error;
    c.status(400);
    return c.render(<SearchPage {...shown} outcome={null} error={error.problem.message} />, {
      title: "Search",
    });
  }
}

/** HTML pages: the search page and the cluster page. Plain forms: they work without JavaScript. */
export function registerPages(app: AppRouter): void {
  const pages = new Hono<AppEnv>();
  // Scoped paths: middleware on "*" would run for every API route once mounted at "/".
  pages.use("/", pageRenderer, csrf(), limitPageBody(BODY_LIMITS.pageForm, tooLarge));
  pages.use("/clusters/*", pageRenderer);
  pages.get("/", (c) => renderSearch(c, c.req.query(), rawParamIsUtf8(c.req.url, "q")));
  pages.post("/", async (c) => {
    const body = await c.req.parseBody();
    if (Object.values(body).some((v) => typeof v !== "string")) {
      c.status(400);
      return c.render(
        <SearchPage
          text=""
          filters={{}}
          outcome={null}
          error="files are not accepted; paste the log as text"
        />,
        { title: "Search" },
      );
    }
    return renderSearch(c, body);
  });
  pages.get("/clusters/:id", async (c) => {
    const id = c.req.param("id");
    const { db } = c.var.deps.database;
    const cluster = await getCluster(db, id);
    if (!cluster) {
      c.status(404);
      return c.render(<p class="error">No cluster {id}: it may have been merged or re-mined.</p>, {
        title: "Not found",
      });
    }
    const [members, evidence, ties] = await Promise.all([
      listClusterMembers(db, [id]),
      listClusterEvidence(db, id, 20),
      listClusterTies(db, id),
    ]);
    return c.render(<ClusterPage cluster={cluster} members={members} samples={evidence} ties={ties} />, {
      title: readableTitle(cluster.template),
    });
  });
  app.route("/", pages);
}
