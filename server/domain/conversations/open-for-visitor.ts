import type { Conversation } from "../../store/generated/mysql/client.ts";
import type { Deps } from "../deps.ts";
import { isUniqueViolation } from "../errors.ts";
import { findVisitorConversation } from "./access.ts";
import { changeConversationState } from "./change-state.ts";
import { assertVisitorMayChat } from "../visitors/blocks.ts";
import { wakeConversation } from "./snooze-conversation.ts";
import { enqueueWebhookEventsIn } from "../webhooks/enqueue.ts";
import { afterCommit } from "../effects.ts";
import { botIsOn } from "../bot/bot-config.ts";
import { widgetSettingsOf } from "../../contracts/widget-settings.ts";
import { afterResolve } from "./reopen-decision.ts";

export type VisitorRef = { organizationId: string; siteId: string; visitorId: string };

/**
 * `opened`: this call created or reopened it, so it has not been routed yet. `lastAssigneeId`: for a reopened one, the
 * agent who had it when it was resolved (routing offers it back to them first).
 */
export type OpenedConversation = { conversation: Conversation; opened: boolean; lastAssigneeId?: string | null };

/**
 * The conversation a visitor's new message goes into: the open one; the latest one reopened when it was resolved
 * within the site's quiet time; else a new one (always with `fresh`: the visitor asked for a new conversation).
 * Two first messages racing (two tabs, two nodes) meet at the unique openForVisitorId index: one creates, the other
 * reads the winner's row.
 */
export async function openConversationForVisitor(
  deps: Deps,
  visitor: VisitorRef,
  options: { fresh?: boolean } = {},
): Promise<OpenedConversation> {
  const latest = await findVisitorConversation(deps, visitor);
  // The visitor writing wakes a snoozed conversation (conversations/snooze-conversation.ts).
  if (latest?.state === "snoozed" && (await wakeConversation(deps, latest))) {
    return { conversation: (await findVisitorConversation(deps, visitor))!, opened: false };
  }
  if (latest && latest.state !== "resolved") return { conversation: latest, opened: false };
  // A blocked device or IP may not start or reopen a chat (server/domain/visitors/blocks.ts).
  await assertVisitorMayChat(deps, visitor);
  // With the site's bot on, a conversation starts (and reopens) with the bot and is routed only when it hands off.
  const startState = (await botIsOn(deps, visitor.organizationId, visitor.siteId)) ? "bot" : "queued";
  if (latest && (await decideAfterResolve(deps, visitor, latest, options.fresh === true)) === "reopen")
    return reopen(deps, visitor, latest, startState);
  try {
    // The conversation.created delivery is written with the conversation: one exists if and only if the other does.
    const created = await deps.db.$transaction(async (tx) => {
      const row = await tx.conversation.create({
        data: {
          organizationId: visitor.organizationId,
          siteId: visitor.siteId,
          visitorId: visitor.visitorId,
          openForVisitorId: visitor.visitorId,
          state: startState,
        },
      });
      const payload = { conversationId: row.id, siteId: row.siteId, visitorId: row.visitorId };
      await enqueueWebhookEventsIn(tx, deps, [{ organizationId: visitor.organizationId, event: "conversation.created", payload }]);
      return row;
    });
    await afterCommit(deps, { organizationId: visitor.organizationId, conversationId: created.id, inbox: { reason: "created" } });
    return { conversation: created, opened: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findVisitorConversation(deps, visitor);
    if (!winner) throw error;
    return { conversation: winner, opened: false };
  }
}

async function decideAfterResolve(deps: Deps, visitor: VisitorRef, latest: Conversation, fresh: boolean) {
  const site = await deps.db.site.findFirst({
    where: { id: visitor.siteId, organizationId: visitor.organizationId },
    select: { widgetSettings: true },
  });
  const quietMinutes = widgetSettingsOf(site?.widgetSettings).newConversationAfterMinutes;
  return afterResolve({ resolvedAt: latest.resolvedAt, now: deps.now(), quietMinutes, fresh });
}

async function reopen(deps: Deps, visitor: VisitorRef, conversation: Conversation, to: "bot" | "queued"): Promise<OpenedConversation> {
  try {
    await changeConversationState(deps, {
      organizationId: visitor.organizationId,
      conversationId: conversation.id,
      to,
      expectedVersion: conversation.version,
      actor: { kind: "visitor", id: visitor.visitorId },
    });
  } catch (error) {
    // Another message of this visitor reopened it first; either way it is open now.
    const current = await findVisitorConversation(deps, visitor);
    if (!current || current.state === "resolved") throw error;
    return { conversation: current, opened: false };
  }
  return { conversation: (await findVisitorConversation(deps, visitor))!, opened: true, lastAssigneeId: conversation.assigneeId };
}
