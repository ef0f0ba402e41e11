"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import type { InboxEvent } from "@/server/contracts/messages";
import type { PersonalEvent } from "@/server/contracts/inbox";
import { CannedManager } from "./canned-manager";
import { ConversationList, visitorLabel } from "./conversation-list";
import { ConversationPane, type PaneHandle } from "./conversation-pane";
import { InboxHeader } from "./inbox-header";
import { InboxSkeleton } from "./inbox-skeleton";
import { useInboxT } from "./inbox-i18n";
import { unreadOf, type ListFilter } from "./list-logic";
import { TrpcProviders, useTRPC } from "@/app/_lib/trpc";
import { ShortcutsHelp } from "./shortcuts-help";
import { useAlerts } from "./use-alerts";
import { useInboxList } from "./use-inbox-list";
import { useShortcuts } from "./use-shortcuts";
import { useLinkState } from "./use-link-state";
import { usePresence } from "./use-presence";
import { VisitorPanel } from "./visitor-panel";

export function Inbox() {
  return (
    <TrpcProviders transport="socket">
      <InboxScreen />
    </TrpcProviders>
  );
}

function InboxScreen() {
  const t = useInboxT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const myId = me.data?.userId;
  const [filter, setFilter] = useState<ListFilter>({ view: "all", status: "open", sort: "recent", labelId: null });
  const [selected, setSelected] = useState<{ id: string; focusSeq: number | null } | null>(null);
  const [mention, setMention] = useState<PersonalEvent | null>(null);
  const [showVisitor, setShowVisitor] = useState(false);
  // Below md (phones) the three columns are stacked views: list → thread → visitor, each with a way back.
  const [phoneView, setPhoneView] = useState<"list" | "thread" | "visitor">("list");
  const pane = useRef<PaneHandle>(null);
  const help = useRef<{ open: () => void }>(null);
  const cannedManager = useRef<{ open: () => void }>(null);
  const presence = usePresence(me.isSuccess);
  const linkState = useLinkState();

  useEffect(() => {
    if (me.error?.data?.code === "UNAUTHORIZED") location.assign("/login");
  }, [me.error]);

  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const onInboxEvent = (event: InboxEvent) => {
    const row = event.conversation;
    if (row.id === selectedRef.current?.id)
      queryClient.setQueryData(trpc.agent.workspace.conversation.queryKey({ conversationId: row.id }), row);
    const forMe = row.assigneeId === null || row.assigneeId === myId;
    if (!forMe) return;
    if (event.reason === "created") alerts.alert(t("newConversation"), visitorLabel(row, t));
    else if (event.reason === "message" && unreadOf(row) > 0 && (row.id !== selectedRef.current?.id || document.hidden)) {
      alerts.alert(t("newMessage", { name: visitorLabel(row, t) }), row.lastMessagePreview ?? "");
    }
  };
  const list = useInboxList(filter, myId, onInboxEvent);
  const alerts = useAlerts(
    list.rows.reduce((sum, row) => sum + unreadOf(row), 0),
    t("inbox"),
  );

  useSubscription(
    trpc.agent.workspace.onPersonal.subscriptionOptions(undefined, {
      enabled: me.isSuccess,
      onData: (event) => {
        setMention(event);
        alerts.alert(t("mentioned", { name: event.byName }), event.preview);
      },
    }),
  );

  const inList = list.rows.find((row) => row.id === selected?.id);
  const single = useQuery({
    ...trpc.agent.workspace.conversation.queryOptions({ conversationId: selected?.id ?? "" }),
    enabled: !!selected && !inList,
  });
  const conversation = inList ?? single.data ?? null;

  const open = (id: string, focusSeq: number | null = null) => {
    setSelected({ id, focusSeq });
    setPhoneView("thread");
  };
  const phone = () => typeof window !== "undefined" && window.matchMedia("(max-width: 767px)").matches;
  useShortcuts({
    next: (step) => {
      const index = list.rows.findIndex((row) => row.id === selected?.id);
      const target = list.rows[Math.min(list.rows.length - 1, Math.max(0, index + step))];
      if (target) open(target.id);
    },
    pane,
    openHelp: () => help.current?.open(),
  });

  // Until we know who is signed in (a slow link), the outline rather than an empty frame.
  if (!me.data) return <InboxSkeleton />;

  return (
    <div
      className="grid h-dvh grid-cols-1 grid-rows-[auto_minmax(0,1fr)] md:grid-cols-[16rem_minmax(0,1fr)] lg:grid-cols-[20rem_minmax(0,1fr)_18rem]"
      data-phone-view={phoneView}
    >
      <InboxHeader
        t={t}
        name={me.data?.name}
        isAdmin={me.data?.role === "admin"}
        presence={linkState === "down" ? { ...presence, status: "offline" } : presence}
        alerts={alerts}
        onSearchOpen={open}
        onCanned={() => cannedManager.current?.open()}
        onHelp={() => help.current?.open()}
        onToggleVisitor={conversation ? () => (phone() ? setPhoneView("visitor") : setShowVisitor((shown) => !shown)) : null}
      />
      {linkState === "down" && (
        <p
          role="status"
          data-testid="connection-banner"
          className="fixed left-1/2 top-2 z-50 -translate-x-1/2 rounded-full bg-amber-100 px-4 py-1.5 text-sm text-amber-950 shadow ring-1 ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800"
        >
          {t("reconnecting")}
        </p>
      )}
      {mention && (
        <div
          role="status"
          className="fixed bottom-4 right-4 z-40 flex items-center gap-3 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg dark:bg-slate-100 dark:text-slate-900"
        >
          <button
            type="button"
            data-testid="mention-toast"
            className="text-left underline-offset-2 hover:underline"
            onClick={() => {
              open(mention.conversationId, mention.seq);
              setMention(null);
            }}
          >
            <strong>{t("mentioned", { name: mention.byName })}</strong>
            <span className="block max-w-xs truncate">{mention.preview}</span>
          </button>
          <button type="button" aria-label={t("close")} onClick={() => setMention(null)}>
            ✕
          </button>
        </div>
      )}
      <div className={`${phoneView === "list" ? "flex" : "hidden md:flex"} min-h-0 flex-col [&>nav]:flex-1`}>
        <ConversationList
          t={t}
          filter={filter}
          onFilter={setFilter}
          rows={list.rows}
          loading={list.loading}
          selectedId={selected?.id ?? null}
          onSelect={(id) => open(id)}
          agents={presence.agents}
        />
      </div>
      <main className={`${phoneView === "thread" ? "" : "hidden md:block"} min-h-0 min-w-0 bg-slate-50 dark:bg-slate-950`}>
        {conversation && me.data ? (
          <ConversationPane
            key={`${conversation.id}:${selected?.focusSeq ?? ""}`}
            ref={pane}
            t={t}
            conversation={conversation}
            focusSeq={selected?.focusSeq ?? null}
            me={{ id: me.data.userId, name: me.data.name }}
            agents={presence.agents}
            onRead={(seq) => list.markedRead(conversation.id, seq)}
            onBack={() => setPhoneView("list")}
            onVisitor={() => phone() && setPhoneView("visitor")}
          />
        ) : (
          <p className="p-6 text-slate-500 dark:text-slate-400">{t("pickConversation")}</p>
        )}
      </main>
      {conversation && (
        <div
          className={`${phoneView === "visitor" ? "flex flex-col" : "hidden"} min-h-0 md:flex-none ${showVisitor ? "md:fixed md:inset-y-0 md:right-0 md:z-30 md:block md:w-72 md:pt-12 md:shadow-xl" : "md:hidden"} lg:static lg:block lg:w-auto lg:pt-0 lg:shadow-none`}
        >
          <button
            type="button"
            onClick={() => setPhoneView("thread")}
            className="flex items-center gap-1 border-b border-slate-200 px-3 py-2 text-sm font-medium md:hidden dark:border-slate-800"
          >
            ‹ {t("back")}
          </button>
          <VisitorPanel
            t={t}
            visitorId={conversation.visitorId}
            currentConversationId={conversation.id}
            labelIds={conversation.labelIds}
            onOpen={(id) => open(id)}
          />
        </div>
      )}
      <ShortcutsHelp ref={help} t={t} />
      <CannedManager ref={cannedManager} t={t} isAdmin={me.data?.role === "admin"} />
    </div>
  );
}
