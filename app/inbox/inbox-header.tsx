"use client";
import { useState } from "react";
import type { AgentStatusValue } from "@/server/contracts/inbox";
import { createHttpClient } from "@/client/agent-trpc";
import type { InboxT } from "./inbox-i18n";
import { LayoutDashboard, LogOut } from "lucide-react";
import { PreferenceControls, useSyncLanguagePreferences } from "@/app/_components/preference-controls";
import { Avatar, initialsOf, Menu, MenuItem, MenuSection, MenuSeparator } from "@/app/_components/ui";
import { SearchBox } from "./search-box";

const chip =
  "rounded-control px-2 py-1 text-body ring-1 ring-line hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-accent";
const dot: Record<AgentStatusValue, string> = { online: "bg-emerald-500", away: "bg-amber-400", offline: "bg-slate-400" };

export function InboxHeader(props: {
  t: InboxT;
  name: string | undefined;
  presence: {
    status: AgentStatusValue;
    setStatus: (status: AgentStatusValue) => void;
    agents: { id: string; name: string; status: AgentStatusValue }[];
  };
  alerts: { sound: boolean; setSound: (on: boolean) => void; desktop: boolean; enableDesktop: () => Promise<void> };
  onSearchOpen: (conversationId: string, seq: number | null) => void;
  onCanned: () => void;
  onHelp: () => void;
  onToggleVisitor: (() => void) | null;
  /** Admins get a way to the dashboard from here. */
  isAdmin: boolean;
}) {
  const { t, presence, alerts } = props;
  useSyncLanguagePreferences();
  // On a phone the tools fold into a "More" menu; from md up they sit in the bar.
  const [moreOpen, setMoreOpen] = useState(false);
  return (
    <header className="relative col-span-full flex items-center gap-2 border-b border-line bg-surface px-3 py-2 text-ink md:flex-wrap">
      <h1 className="text-lg font-semibold">{t("inbox")}</h1>
      <div className="min-w-0 flex-1 md:mx-2 md:min-w-48">
        <SearchBox t={t} onOpen={props.onSearchOpen} />
      </div>
      <ul aria-label={t("status")} className="hidden items-center -space-x-1 xl:flex">
        {presence.agents.map((agent) => (
          <li
            key={agent.id}
            title={`${agent.name} · ${t(agent.status)}`}
            data-testid="colleague"
            data-status={agent.status}
            className="relative flex size-7 items-center justify-center rounded-full bg-slate-200 text-[10px] font-semibold ring-2 ring-white dark:bg-slate-700 dark:ring-slate-900"
          >
            {initialsOf(agent.name)}
            <span
              className={`absolute -bottom-0.5 -right-0.5 size-2.5 rounded-full ring-2 ring-white dark:ring-slate-900 ${dot[agent.status]}`}
            />
          </li>
        ))}
      </ul>
      <label className="flex items-center gap-1 text-sm">
        <span className={`size-2.5 rounded-full ${dot[presence.status]}`} aria-hidden />
        <span className="sr-only">{t("myStatus")}</span>
        <select
          aria-label={t("myStatus")}
          value={presence.status}
          onChange={(event) => presence.setStatus(event.target.value as AgentStatusValue)}
          className="rounded-md border border-slate-300 bg-white px-1 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          <option value="online">{t("online")}</option>
          <option value="away">{t("away")}</option>
          <option value="offline">{t("offline")}</option>
        </select>
      </label>
      <button type="button" className={`${chip} md:hidden`} aria-expanded={moreOpen} onClick={() => setMoreOpen((open) => !open)}>
        {t("more")} ▾
      </button>
      {/* biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: only hears the clicks of the buttons inside (Enter and Space click them too), to close the phone menu */}
      <div
        onClick={(event) => (event.target as HTMLElement).closest("button") && setMoreOpen(false)}
        className={`${moreOpen ? "absolute right-2 top-full z-40 mt-1 flex w-56 flex-col items-stretch rounded-lg bg-white p-2 shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700" : "hidden"} gap-2 md:static md:mt-0 md:flex md:w-auto md:flex-row md:items-center md:bg-transparent md:p-0 md:shadow-none md:ring-0 md:dark:bg-transparent`}
      >
        <button type="button" className={chip} aria-pressed={alerts.sound} onClick={() => alerts.setSound(!alerts.sound)}>
          {t(alerts.sound ? "soundOn" : "soundOff")}
        </button>
        {!alerts.desktop && (
          <button type="button" className={chip} onClick={() => void alerts.enableDesktop()}>
            {t("desktopAlerts")}
          </button>
        )}
        <button type="button" className={chip} onClick={props.onCanned}>
          {t("canned")}
        </button>
        {props.onToggleVisitor && (
          <button type="button" className={`${chip} lg:hidden`} onClick={props.onToggleVisitor}>
            {t("visitorInfo")}
          </button>
        )}
        <button type="button" className={chip} aria-label={t("shortcuts")} onClick={props.onHelp}>
          ?
        </button>
        {props.isAdmin && (
          <a href="/dashboard" aria-label={t("openDashboard")} className={`${chip} inline-flex items-center gap-1`}>
            <LayoutDashboard size={16} aria-hidden />
            <span>{t("openDashboard")}</span>
          </a>
        )}
      </div>
      <Menu label={t("account")} trigger={<Avatar name={props.name ?? "?"} />}>
        <p className="px-2 py-1.5 text-caption text-muted">{props.name}</p>
        <MenuSeparator />
        <MenuSection label={t("preferences")}>
          <PreferenceControls />
        </MenuSection>
        <MenuSeparator />
        <MenuItem
          icon={<LogOut size={16} aria-hidden />}
          onSelect={async () => {
            await createHttpClient().auth.logout.mutate();
            location.assign("/login");
          }}
        >
          {t("signOut")}
        </MenuItem>
      </Menu>
    </header>
  );
}
