"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { LanguageSwitch } from "@/app/_components/language-switch";
import { ThemeSwitch } from "@/app/_components/theme-switch";
import { rememberOrganizationLocale } from "@/app/_lib/i18n";
import { useEffect, type ReactNode } from "react";
import { createHttpClient } from "@/app/_lib/trpc-client";
import { useDashboardT, type DashboardKey } from "../_lib/i18n";
import { useTRPC } from "../_lib/trpc";

const sections: { href: string; label: DashboardKey }[] = [
  { href: "/dashboard", label: "organization" },
  { href: "/dashboard/agents", label: "agents" },
  { href: "/dashboard/teams", label: "teams" },
  { href: "/dashboard/labels", label: "labels" },
  { href: "/dashboard/canned", label: "canned" },
  { href: "/dashboard/sites", label: "sites" },
  { href: "/dashboard/bot", label: "bot" },
  { href: "/dashboard/webhooks", label: "webhooks" },
  { href: "/dashboard/tokens", label: "apiTokens" },
  { href: "/dashboard/audit", label: "auditLog" },
  { href: "/dashboard/reports", label: "reports" },
  { href: "/dashboard/system", label: "systemSection" },
];

/** Navigation around every dashboard page; signed-out people go to /login, agents see why they cannot enter. */
export function DashboardShell({ children }: { children: ReactNode }) {
  const t = useDashboardT();
  const trpc = useTRPC();
  const pathname = usePathname();
  const me = useQuery(trpc.auth.me.queryOptions());

  useEffect(() => {
    if (me.error?.data?.code === "UNAUTHORIZED") location.assign("/login");
  }, [me.error]);
  useEffect(() => {
    if (me.data) rememberOrganizationLocale(me.data.organizationLanguage);
  }, [me.data]);

  if (!me.data) return <p className="p-6 text-sm">{t("loading")}</p>;
  if (me.data.role !== "admin") {
    return (
      <main className="mx-auto max-w-lg space-y-4 p-6">
        <h1 className="text-2xl font-bold">{t("adminsOnly")}</h1>
        <p>{t("adminsOnlyText")}</p>
        <Link href="/inbox" className="text-indigo-700 underline dark:text-indigo-400">
          {t("backToInbox")}
        </Link>
      </main>
    );
  }

  const linkClass = (active: boolean) =>
    `block whitespace-nowrap rounded-lg px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-indigo-500 ${
      active ? "bg-indigo-600 font-medium text-white" : "hover:bg-slate-200 dark:hover:bg-slate-800"
    }`;
  return (
    <div className="min-h-screen md:grid md:grid-cols-[14rem_1fr]">
      <aside className="border-b border-slate-200 bg-white p-3 md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-900">
        <div className="mb-3 flex items-center justify-between gap-2 px-1">
          <span className="text-lg font-semibold">Parley</span>
          <span className="truncate text-xs text-slate-500 dark:text-slate-400">{me.data.name}</span>
        </div>
        <nav aria-label={t("navigation")}>
          <ul className="flex gap-1 overflow-x-auto md:flex-col">
            {sections.map((section) => (
              <li key={section.href}>
                <Link href={section.href} aria-current={pathname === section.href ? "page" : undefined} className={linkClass(pathname === section.href)}>
                  {t(section.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="mt-3 flex flex-wrap gap-2 border-t border-slate-200 pt-3 text-sm dark:border-slate-800">
          <LanguageSwitch />
          <ThemeSwitch />
          <Link href="/inbox" className="rounded px-2 py-1 underline focus-visible:outline-2 focus-visible:outline-indigo-500">
            {t("openInbox")}
          </Link>
          <button
            type="button"
            className="rounded px-2 py-1 underline focus-visible:outline-2 focus-visible:outline-indigo-500"
            onClick={async () => {
              await createHttpClient().auth.logout.mutate();
              location.assign("/login");
            }}
          >
            {t("signOut")}
          </button>
        </div>
      </aside>
      <main className="min-w-0 space-y-6 p-4 md:p-6">{children}</main>
    </div>
  );
}
