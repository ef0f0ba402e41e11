import { randomBytes } from "node:crypto";
import { localizedWidgetSettings } from "../contracts/widget-settings.ts";
import type { ServerResponse } from "node:http";
import type { WidgetPreview } from "../domain/sites/widget-preview.ts";
import { appPermissionsPolicy } from "./security-headers.ts";

function attribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * GET /widget/preview?site=KEY&preview=JSON&locale=…&open=1 — the dashboard editor's preview, framed by the app only:
 * a bare host page running the real loader.js with the unsaved settings. The loader passes the same JSON on to
 * /widget/panel?…&preview=JSON, where the real panel runs without a session (widget/panel/preview-client.ts).
 */
export function sendPreviewHostPage(res: ServerResponse, preview: WidgetPreview, options: { locale: string; open: boolean }) {
  const nonce = randomBytes(16).toString("base64");
  const config = {
    ...localizedWidgetSettings(preview.settings, options.locale),
    siteKey: preview.siteKey,
    siteName: preview.siteName,
    online: preview.online,
  };
  const commands = [`Parley("setLocale",${JSON.stringify(options.locale)})`, ...(options.open ? ['Parley("open")'] : [])].join(";");
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": `frame-ancestors 'self'; default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:`,
    "x-content-type-options": "nosniff",
    // The preview records nothing: no voice notes from the dashboard.
    "permissions-policy": appPermissionsPolicy,
  });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Widget preview</title>` +
      `<style>html,body{margin:0;height:100%;background:#f1f5f9}</style></head><body>` +
      `<script nonce="${nonce}">window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};${commands.replaceAll("<", "\\u003c")}</script>` +
      `<script src="/widget/loader.js" data-site="${attribute(preview.siteKey)}" data-preview="${attribute(JSON.stringify(config))}"></script></body></html>`,
  );
}
