"use client";
import { useQuery } from "@tanstack/react-query";
import { forwardRef, useImperativeHandle, useRef } from "react";
import { ulid } from "ulid";
import type { ConversationSummary } from "@/server/contracts/messages";
import type { AgentSummary } from "@/server/contracts/inbox";
import { ThreadView } from "@/app/_components/thread-view";
import { useT } from "@/app/_lib/i18n";
import { sendUntilAcked } from "@/client/send-until-acked";
import { pendingItem } from "@/client/thread";
import { ActionsBar, type ActionsHandle } from "./actions-bar";
import { Composer, type ComposerHandle, type ComposerMode } from "./composer";
import { visitorLabel } from "./conversation-list";
import type { InboxT } from "./inbox-i18n";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";
import { useLinkState } from "./use-link-state";
import { useThread } from "./use-thread";

export type PaneHandle = ActionsHandle & ComposerHandle;

/** One conversation: header with actions, the thread (history, older on scroll-up, live), the visitor's draft, the composer. */
export const ConversationPane = forwardRef<
  PaneHandle,
  {
    t: InboxT;
    conversation: ConversationSummary;
    focusSeq: number | null;
    me: { id: string; name: string };
    agents: AgentSummary[];
    onRead: (seq: number) => void;
    /** On a phone: back to the list (the pane then shows a back button). */
    onBack: () => void;
    /** On a phone: the visitor's details as the next view. */
    onVisitor: () => void;
  }
>(function ConversationPane({ t, conversation, focusSeq, me, agents, onRead, onBack, onVisitor }, ref) {
  const shared = useT();
  const trpc = useTRPC();
  // The same query as the visitor panel's, so it is fetched once: fills {{visitor.email}} in canned responses.
  const visitor = useQuery(trpc.agent.workspace.visitor.queryOptions({ visitorId: conversation.visitorId })).data;
  const client = useTRPCClient();
  const thread = useThread(conversation.id, focusSeq, conversation.visitorReadSeq, onRead);
  const linkState = useLinkState();
  const actions = useRef<ActionsHandle>(null);
  const composer = useRef<ComposerHandle>(null);
  useImperativeHandle(ref, () => ({
    assignToMe: () => actions.current?.assignToMe(),
    resolve: () => actions.current?.resolve(),
    transfer: () => actions.current?.transfer(),
    focus: (mode) => composer.current?.focus(mode),
    openCanned: () => composer.current?.openCanned(),
  }));
  const nameOf = (senderId: string | null | undefined) => agents.find((agent) => agent.id === senderId)?.name ?? null;

  async function send(mode: ComposerMode, body: string) {
    const clientMsgId = ulid();
    const pending = Object.assign(pendingItem(clientMsgId, body, "agent"), {
      type: mode === "note" ? ("note" as const) : ("text" as const),
      senderId: me.id,
    });
    thread.setItems((previous) => [...previous, pending]);
    const input = { conversationId: conversation.id, clientMsgId, body };
    try {
      await sendUntilAcked(() => (mode === "note" ? client.agent.actions.note.mutate(input) : client.agent.send.mutate(input)));
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      thread.setItems((previous) =>
        previous.map((item) => (item.clientMsgId === clientMsgId ? { ...item, status: "failed", error: message } : item)),
      );
    }
  }

  const visitorName = visitorLabel(conversation, t);
  return (
    <section className="flex h-full min-h-0 flex-col" aria-label={visitorName}>
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-2 py-2 md:flex-wrap md:px-4">
        <button
          type="button"
          onClick={onBack}
          aria-label={t("back")}
          className="rounded-md px-2 py-1 text-lg leading-none hover:bg-slate-100 md:hidden dark:hover:bg-slate-800"
        >
          ‹
        </button>
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold">
            <button type="button" onClick={onVisitor} className="max-w-full truncate text-left md:pointer-events-none">
              {visitorName}
            </button>
          </h2>
          <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="conversation-state">
            {t(`state_${conversation.state}`)}
            {conversation.assigneeId ? ` · ${t("assignedTo", { name: nameOf(conversation.assigneeId) ?? "…" })}` : ""}
          </p>
        </div>
        <ActionsBar ref={actions} t={t} conversation={conversation} myId={me.id} agents={agents} onError={thread.setError} />
      </div>
      {thread.error && (
        <p role="alert" className="bg-red-50 px-4 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {thread.error}
        </p>
      )}
      <div
        className="min-h-0 flex-1 overflow-y-auto"
        data-testid="thread"
        onScroll={(event) => {
          if (event.currentTarget.scrollTop < 80) void thread.loadOlder();
        }}
      >
        {thread.loadingOlder && <p className="p-2 text-center text-xs text-slate-500">{t("loadingOlder")}</p>}
        <ThreadView
          items={thread.items}
          mine="agent"
          t={shared}
          visitorReadSeq={thread.visitorReadSeq}
          highlightSeq={focusSeq}
          senderName={nameOf}
          linkDown={linkState === "down"}
        />
      </div>
      <p aria-live="polite" data-testid="visitor-draft" className="min-h-6 truncate px-4 text-xs italic text-slate-500 dark:text-slate-400">
        {thread.visitorDraft ? t("draft", { text: thread.visitorDraft }) : thread.visitorTyping ? t("typing") : ""}
      </p>
      <Composer
        ref={composer}
        t={t}
        conversationId={conversation.id}
        variables={{
          "visitor.name": visitor?.name ?? conversation.visitorName,
          "visitor.email": visitor?.email ?? null,
          "agent.name": me.name,
        }}
        onSend={(mode, body) => void send(mode, body)}
      />
    </section>
  );
});
