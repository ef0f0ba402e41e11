import { createServer, type Server } from "node:http";
import Database from "better-sqlite3";
import { loaderUrl, queueStub } from "../../../server/contracts/snippet.ts";
import { freePort } from "./server.ts";

export type HostSite = { origin: string; close: () => Promise<void> };

/**
 * A customer's website on its own origin: every path is a page with the snippet; `?before=…` adds SDK calls made before the
 * loader arrives (JSON array of argument lists), kept by the command-queue stub.
 */
export async function startHostSite(appUrl: string, siteKey = "demo"): Promise<HostSite> {
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://host");
    // Any page path is a page of the shop (so a visitor can browse), except what browsers fetch on their own.
    if (url.pathname === "/favicon.ico") {
      res.writeHead(404).end();
      return;
    }
    const before = (JSON.parse(url.searchParams.get("before") ?? "[]") as unknown[][])
      .map((args) => `Parley(${args.map((arg) => JSON.stringify(arg)).join(",")});`)
      .join("\n");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Acme shop</title>
<style>body{font-family:Georgia,serif;margin:40px;background:#fdf6e3} button{all:unset}</style></head>
<body><h1>Acme shop</h1><p>Hand-made kettles since 1921.</p>
<script>${queueStub}
window.parleyEvents=[];["ready","open","close","message","unread"].forEach(function(e){Parley("on",e,function(p){parleyEvents.push([e,p])})});
${before}</script>
<script async src="${loaderUrl(appUrl)}" data-site="${siteKey}"></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { origin: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Points a site of the embedded (SQLite) app at the given origins and widget settings. */
export function configureSite(databaseFile: string, siteKey: string, allowedOrigins: string[], widgetSettings: object = {}) {
  const db = new Database(databaseFile);
  try {
    db.prepare('UPDATE "Site" SET "allowedOrigins" = ?, "widgetSettings" = ? WHERE "siteKey" = ?').run(
      JSON.stringify(allowedOrigins),
      JSON.stringify(widgetSettings),
      siteKey,
    );
  } finally {
    db.close();
  }
}
