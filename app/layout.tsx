import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { themeBootScript } from "./_lib/theme-boot";
import "./globals.css";

export const metadata: Metadata = {
  title: "Parley",
  description: "Live customer service: chat with your visitors in real time.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, never prerendered: Next stamps each response's CSP nonce on its scripts only while rendering
  // (server/http/security-headers.ts); a page built ahead of time would carry no nonce and its scripts would not run.
  await connection();
  const nonce = /'nonce-([^']+)'/.exec((await headers()).get("content-security-policy") ?? "")?.[1];
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Light or dark before the first paint (the theme switch's choice, else the system's). */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant of ours, run under the CSP nonce */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">{children}</body>
    </html>
  );
}
