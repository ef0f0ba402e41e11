import { tracked } from "@trpc/server";
import { z } from "zod";
import { limits } from "../../../contracts/limits.ts";
import { clientMsgIdSchema, conversationStates, messageBodySchema, sendAckSchema } from "../../../contracts/messages.ts";
import { listConversations } from "../../../domain/conversations/list-conversations.ts";
import { listMessages } from "../../../domain/messages/list-messages.ts";
import { sendAgentMessage } from "../../../domain/messages/send-agent-message.ts";
import { readSeqSchema } from "../../../contracts/signals.ts";
import { markReadByAgent, sendAgentTyping } from "../../../domain/signals/send-signal.ts";
import { streamInbox } from "../../../realtime/agent-streams.ts";
import { streamSignals } from "../../../realtime/signal-stream.ts";
import { claimLeanSubscription } from "../../../realtime/lean-subscriptions.ts";
import { watchAgentThreadFrames } from "../../../realtime/thread-frames.ts";
import { streamThread } from "../../../realtime/thread-stream.ts";
import { agentProcedure, mapAppError, router } from "../../init.ts";
import { agentWatchedConversation } from "../../subscription-target.ts";
import { agentLabelsRouter } from "./labels.ts";
import { agentActionsRouter } from "./actions.ts";
import { agentWorkspaceRouter } from "./workspace.ts";
import { agentPreferencesRouter } from "./preferences.ts";
import { suggestReply, summarizeConversation } from "../../../domain/bot/assist.ts";

const conversationId = z.string().min(1).max(limits.id);

const ListInput = z.object({
  view: z.enum(["mine", "unassigned", "all"]).default("all"),
  states: z.array(z.enum(conversationStates)).min(1).max(6).default(["bot", "queued", "assigned", "pending", "snoozed"]),
  sort: z.enum(["recent", "oldest"]).default("recent"),
  limit: z.number().int().min(1).max(1000).default(500),
  labelId: z.string().min(1).max(limits.id).optional(),
});
const MessagesInput = z.object({
  conversationId,
  beforeSeq: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
const SendInput = z.object({ conversationId, clientMsgId: clientMsgIdSchema, body: messageBodySchema });
const OnThreadInput = z.object({
  conversationId,
  lastEventId: z
    .string()
    .regex(/^\d{1,10}$/, "lastEventId must be a seq")
    .nullish(),
});
const TypingInput = z.object({ conversationId, typing: z.boolean() });
const MarkReadInput = z.object({ conversationId, seq: readSeqSchema });
const OnSignalsInput = z.object({ conversationId });
const AssistInput = z.object({ conversationId });

export const agentRouter = router({
  actions: agentActionsRouter,
  workspace: agentWorkspaceRouter,
  labels: agentLabelsRouter,
  preferences: agentPreferencesRouter,

  /** AI help through the site's LLM endpoint: a draft for the composer (never sent), a summary kept as a note. */
  assist: router({
    suggest: agentProcedure.input(AssistInput).mutation(({ ctx, input }) => suggestReply(ctx.deps, ctx.agent, input)),
    summarize: agentProcedure.input(AssistInput).mutation(({ ctx, input }) => summarizeConversation(ctx.deps, ctx.agent, input)),
  }),

  conversations: router({
    list: agentProcedure.input(ListInput).query(({ ctx, input }) => listConversations(ctx.deps, ctx.agent, input)),
  }),

  messages: agentProcedure
    .input(MessagesInput)
    .query(({ ctx, input }) => listMessages(ctx.deps, { ...input, organizationId: ctx.agent.organizationId, includeNotes: true })),

  send: agentProcedure
    .input(SendInput)
    .output(sendAckSchema)
    .mutation(({ ctx, input }) => sendAgentMessage(ctx.deps, ctx.agent, input)),

  /** One conversation's thread, live, replayed from `lastEventId` (a seq) on reconnect. */
  onThread: agentProcedure.input(OnThreadInput).subscription(async function* ({ ctx, input, signal, batchIndex }) {
    // The bus topic is the conversation's id alone: without this check another organization's agent would get it live.
    const conversation = await agentWatchedConversation(ctx.deps, ctx.agent, input.conversationId, signal!);
    const thread = {
      organizationId: ctx.agent.organizationId,
      conversationId: input.conversationId,
      afterSeq: Number(input.lastEventId ?? 0),
      knownLastSeq: conversation.lastSeq,
      signal: signal!,
    };
    // Over this node's WebSocket the watch writes the frames itself (realtime/thread-frames.ts); elsewhere it yields.
    const lean = claimLeanSubscription("agent.onThread", { batchIndex });
    if (lean) return void (await mapAppError(watchAgentThreadFrames(ctx.deps, thread, lean)));
    for await (const message of streamThread(ctx.deps, thread)) yield tracked(String(message.seq), message);
  }),

  /**
   * Conversation list changes for the agent's organization, within the agent's teams (the scope is read when the
   * subscription starts). Not replayed: a client that (re)connects refetches the list, then applies these on top.
   */
  onInbox: agentProcedure.subscription(({ ctx, signal, batchIndex }) =>
    streamInbox(ctx.deps, ctx.agent, signal!, claimLeanSubscription("agent.onInbox", { batchIndex })),
  ),

  typing: agentProcedure.input(TypingInput).mutation(({ ctx, input }) => sendAgentTyping(ctx.deps, ctx.agent, input)),

  markRead: agentProcedure.input(MarkReadInput).mutation(({ ctx, input }) => markReadByAgent(ctx.deps, ctx.agent, input)),

  /** Visitor typing and draft preview, and both sides' read marks, for one conversation of the agent's organization. */
  onSignals: agentProcedure.input(OnSignalsInput).subscription(async function* ({ ctx, input, signal }) {
    await agentWatchedConversation(ctx.deps, ctx.agent, input.conversationId, signal!);
    yield* streamSignals(ctx.deps.bus, { conversationId: input.conversationId, side: "agent", signal: signal! });
  }),
});
