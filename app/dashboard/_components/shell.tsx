"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  Bot,
  Building2,
  ClipboardList,
  Globe,
  Inbox,
  KeyRound,
  LogOut,
  MessageSquareText,
  ChartColumn,
  Server,
  Tags,
  UserRound,
  Users,
  Webhook,
  type LucideIcon,
} from "lucide-react";
import { useEffect, type ReactNode } from "react";
import { Avatar, Menu, MenuItem, MenuSeparator, Skeleton } from "@/app/_components/ui";
import { PreferenceControls, useSyncLanguagePreferences } from "@/app/_components/preference-controls";
import { createHttpClient } from "@/client/agent-trpc";
import { useDashboardT, type DashboardKey } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";

const sections: { href: string; label: DashboardKey; icon: LucideIcon }[] = [
  { href: "/dashboard", label: "organization", icon: Building2 },
  { href: "/dashboard/agents", label: "agents", icon: UserRound },
  { href: "/dashboard/teams", label: "teams", icon: Users },
  { href: "/dashboard/labels", label: "labels", icon: Tags },
  { href: "/dashboard/canned", label: "canned", icon: MessageSquareText },
  { href: "/dashboard/sites", label: "sites", icon: Globe },
  { href: "/dashboard/bot", label: "bot", icon: Bot },
  { href: "/dashboard/webhooks", label: "webhooks", icon: Webhook },
  { href: "/dashboard/tokens", label: "apiTokens", icon: KeyRound },
  { href: "/dashboard/audit", label: "auditLog", icon: ClipboardList },
  { href: "/dashboard/reports", label: "reports", icon: ChartColumn },
  { href: "/dashboard/system", label: "systemSection", icon: Server },
];

/** Navigation around every dashboard page; signed-out people go to /login, agents see why they cannot enter. */
export function DashboardShell({ children }: { children: ReactNode }) {
  const t = useDashboardT();
  const trpc = useTRPC();
  const pathname = usePathname();
  const me = useQuery(trpc.auth.me.queryOptions());
  useSyncLanguagePreferences();

  useEffect(() => {
    if (me.error?.data?.code === "UNAUTHORIZED") location.assign("/login");
  }, [me.error]);

  if (!me.data) {
    return (
      <div role="status" aria-busy="true" aria-label={t("loading")} className="grid min-h-screen gap-6 p-6 md:grid-cols-[14rem_1fr]">
        <div className="space-y-2">
          {Array.from({ length: 8 }, (_, row) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows never reorder
            <Skeleton key={row} className="h-8" />
          ))}
        </div>
        <div className="space-y-4">
          <Skeleton className="h-8 w-64" />
          <Skeleton className="h-40" />
          <Skeleton className="h-40" />
        </div>
      </div>
    );
  }
  if (me.data.role !== "admin") {
    return (
      <main className="mx-auto max-w-lg space-y-4 p-6">
        <h1 className="text-2xl font-bold">{t("adminsOnly")}</h1>
        <p>{t("adminsOnlyText")}</p>
        <Link href="/inbox" className="text-accent underline">
          {t("backToInbox")}
        </Link>
      </main>
    );
  }

  const linkClass = (active: boolean) =>
    `flex items-center gap-2 whitespace-nowrap rounded-control px-3 py-2 text-body focus-visible:outline-2 focus-visible:outline-accent ${
      active ? "bg-accent-soft font-medium text-accent" : "text-ink hover:bg-surface-muted"
    }`;
  const signOut = async () => {
    await createHttpClient().auth.logout.mutate();
    location.assign("/login");
  };
  return (
    <div className="min-h-screen bg-canvas text-ink md:grid md:grid-cols-[15rem_1fr]">
      <aside className="border-b border-line bg-surface p-3 md:sticky md:top-0 md:h-screen md:overflow-y-auto md:border-b-0 md:border-r">
        <div className="mb-3 flex items-center justify-between gap-2 px-1">
          <span className="text-title font-semibold">Parley</span>
          <Menu label={me.data.name} trigger={<Avatar name={me.data.name} />}>
            <p className="px-2 py-1.5 text-caption text-muted">
              {me.data.name} · {me.data.email}
            </p>
            <MenuSeparator />
            <MenuItem href="/inbox" icon={<Inbox size={16} aria-hidden />}>
              {t("openInbox")}
            </MenuItem>
            <MenuItem onSelect={() => void signOut()} icon={<LogOut size={16} aria-hidden />}>
              {t("signOut")}
            </MenuItem>
          </Menu>
        </div>
        <nav aria-label={t("navigation")}>
          <ul className="flex gap-1 overflow-x-auto md:flex-col">
            {sections.map((section) => (
              <li key={section.href}>
                <Link
                  href={section.href}
                  aria-current={pathname === section.href ? "page" : undefined}
                  className={linkClass(pathname === section.href)}
                >
                  <section.icon size={16} aria-hidden />
                  {t(section.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="mt-3 border-t border-line pt-3">
          <PreferenceControls />
        </div>
        <div className="mt-3 flex gap-2 border-t border-line pt-3">
          <Link
            href="/inbox"
            className="flex items-center gap-1.5 rounded-control px-2 py-1 text-body hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-accent"
          >
            <Inbox size={16} aria-hidden />
            {t("openInbox")}
          </Link>
          <button
            type="button"
            className="flex items-center gap-1.5 rounded-control px-2 py-1 text-body hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-accent"
            onClick={() => void signOut()}
          >
            <LogOut size={16} aria-hidden />
            {t("signOut")}
          </button>
        </div>
      </aside>
      <main className="min-w-0 space-y-6 p-4 md:p-8">{children}</main>
    </div>
  );
}
