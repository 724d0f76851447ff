import type { Child } from "hono/jsx";
import { jsxRenderer, useRequestContext } from "hono/jsx-renderer";
import type { AppEnv } from "../deps.js";

declare module "hono" {
  interface ContextRenderer {
    // biome-ignore lint/style/useShorthandFunctionType: module augmentation must extend the interface
    (content: string | Promise<string>, props: { title: string }): Response | Promise<Response>;
  }
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1rem;color:#1d2433}
header a{color:inherit;text-decoration:none;font-weight:600}
textarea{width:100%;min-height:10rem;font:13px/1.4 ui-monospace,monospace}
code,pre{font:13px/1.4 ui-monospace,monospace;background:#f3f4f6;padding:.1rem .3rem;border-radius:3px}
pre{padding:.6rem;overflow-x:auto;white-space:pre-wrap}
.filters{display:flex;gap:.5rem;flex-wrap:wrap;margin:.5rem 0}
.results>li{margin:1rem 0;padding-bottom:.6rem;border-bottom:1px solid #e5e7eb}
.meta{color:#6b7280;font-size:13px}
.why{font-size:13px}
.error{color:#b91c1c;font-weight:600}
header{display:flex;gap:1rem;align-items:baseline;flex-wrap:wrap;border-bottom:1px solid #e5e7eb;padding-bottom:.5rem;margin-bottom:1rem}
header nav{display:flex;gap:.9rem;flex-wrap:wrap;font-size:14px}
header nav a{font-weight:400;color:#1d4ed8}
header .who{margin-left:auto;font-size:13px;color:#6b7280}
.ok{color:#166534;font-weight:600}
.badge{display:inline-block;font-size:12px;padding:0 .45rem;border-radius:9px;background:#e5e7eb;color:#374151;vertical-align:middle}
.badge.published{background:#dcfce7;color:#166534}.badge.draft{background:#fef9c3;color:#854d0e}
.badge.needs-review{background:#fee2e2;color:#991b1b}.badge.archived{background:#e5e7eb;color:#6b7280}
.badge.demand{background:#e0e7ff;color:#3730a3}.badge.ignored{background:#f3f4f6;color:#6b7280}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:.7rem .9rem;margin:.8rem 0}
.row{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap}
.score{font-size:20px;font-weight:700;min-width:3.5rem;text-align:right;color:#1d2433}
.why{display:flex;flex-wrap:wrap;gap:.3rem .8rem;font-size:13px;color:#374151;margin:.3rem 0}
.why b{color:#1d2433}
.actions{display:flex;flex-wrap:wrap;align-items:center;gap:0 .8rem}.actions form{display:inline-flex;gap:.3rem;align-items:center;margin:.2rem .6rem .2rem 0}
.actions input{font-size:13px;padding:.15rem .3rem}
button{font:inherit;font-size:13px;padding:.2rem .6rem;border:1px solid #9ca3af;border-radius:5px;background:#fff;cursor:pointer}
button.primary{background:#1d4ed8;color:#fff;border-color:#1d4ed8}
button.danger{color:#b91c1c;border-color:#fca5a5}
label.field{display:block;font-weight:600;margin:.8rem 0 .2rem}
input.wide,textarea.wide{width:100%;box-sizing:border-box;font:13px/1.4 ui-monospace,monospace}
textarea.wide{min-height:7rem}
.split{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.candidates li{margin:.5rem 0}
.diff .add{background:#dcfce7}.diff .del{background:#fee2e2;text-decoration:line-through}
.diff div{font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap;padding:0 .3rem}
.md{line-height:1.55}.md pre{background:#f3f4f6}
.notice{background:#fff7ed;border:1px solid #fed7aa;border-radius:8px;padding:.6rem .8rem}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #e5e7eb;padding:.35rem;text-align:left;vertical-align:top}
`;

function Nav() {
  const c = useRequestContext<AppEnv>();
  const who = c.get("session")?.principal;
  return (
    <nav>
      <a href="/entries">Entries</a>
      {who ? (
        <>
          <a href="/queue">Review queue</a>
          <a href="/corrections">Corrections</a>
          {who.role === "admin" ? <a href="/export">Give back upstream</a> : null}
        </>
      ) : null}
      {who ? (
        <span class="who">
          signed in as {who.label} ({who.role}) · <a href="/logout">sign out</a>
        </span>
      ) : (
        <a class="who" href="/login">
          curator sign-in
        </a>
      )}
    </nav>
  );
}

/** The one page frame; `title` is escaped like every other text. */
export const pageRenderer = jsxRenderer(
  ({ children, title }: { children?: Child; title?: string }) => (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title ? `${title} · Seldon KB` : "Seldon KB"}</title>
        {/* A constant: as a text child, hono would escape the ">" of child selectors. */}
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <header>
          <a href="/">Seldon troubleshooting knowledge base</a>
          <Nav />
        </header>
        <main>{children}</main>
      </body>
    </html>
  ),
  { docType: true },
);
