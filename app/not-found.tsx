"use client";
import { SearchX } from "lucide-react";
import { useT } from "./_lib/i18n";
import { buttonStyle } from "./_components/ui/button";

/** Replaces Next's bare "404 | This page could not be found." with a page that says where to go instead. */
export default function NotFound() {
  const t = useT();
  return (
    <main className="grid min-h-screen place-items-center bg-canvas p-6 text-ink">
      <div className="max-w-md space-y-4 text-center">
        <SearchX size={40} aria-hidden className="mx-auto text-accent" />
        <h1 className="text-display font-bold">{t("notFoundTitle")}</h1>
        <p className="text-body text-muted">{t("notFoundText")}</p>
        <div className="flex flex-wrap justify-center gap-2">
          <a href="/inbox" className={buttonStyle("primary")}>
            {t("openInbox")}
          </a>
          <a href="/" className={buttonStyle("secondary")}>
            {t("notFoundHome")}
          </a>
        </div>
      </div>
    </main>
  );
}
