import type { Child } from "hono/jsx";
import { jsxRenderer } from "hono/jsx-renderer";

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
`;

/** The one page frame; `title` is escaped like every other text. */
export const pageRenderer = jsxRenderer(
  ({ children, title }: { children?: Child; title?: string }) => (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title ? `${title} · Seldon KB` : "Seldon KB"}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <a href="/">Seldon troubleshooting knowledge base</a>
        </header>
        <main>{children}</main>
      </body>
    </html>
  ),
  { docType: true },
);
