import { tracked } from "@trpc/server";
import { z } from "zod";
import { clientMsgIdSchema, messageBodySchema, sendAckSchema, visitorMessageSchema, type SendAck } from "../../contracts/messages.ts";
import type { Deps } from "../../domain/deps.ts";
import type { VisitorIdentity } from "../../domain/sites/visitor-token.ts";
import { rateConversation } from "../../domain/conversations/rate-conversation.ts";
import { spendVisitorMessage } from "../../domain/limits/visitor-budgets.ts";
import { leaveMessage } from "../../domain/email-replies/leave-message.ts";
import { submitPreChat } from "../../domain/visitors/pre-chat.ts";
import { authorNames } from "../../domain/messages/author-names.ts";
import { isVisibleToVisitor } from "../../domain/messages/message-dto.ts";
import { sendVisitorMessage } from "../../domain/messages/send-visitor-message.ts";
import { visitorThread } from "../../domain/messages/visitor-thread.ts";
import { listVisitorConversations, visitorConversationPage } from "../../domain/conversations/visitor-conversations.ts";
import { draftBodySchema, readSeqSchema } from "../../contracts/signals.ts";
import { markReadByVisitor, sendVisitorTyping } from "../../domain/signals/send-signal.ts";
import { streamVisitorAvailability, streamVisitorSignals } from "../../realtime/signal-stream.ts";
import { claimLeanSubscription } from "../../realtime/lean-subscriptions.ts";
import { watchVisitorThreadFrames } from "../../realtime/thread-frames.ts";
import { streamThread } from "../../realtime/thread-stream.ts";
import { identifyVisitor, setVisitorAttributes } from "../../domain/visitors/identify-visitor.ts";
import { limits } from "../../contracts/limits.ts";
import { mapAppError, router, visitorProcedure } from "../init.ts";
import { visitorWatchedConversation } from "../subscription-target.ts";
import { displayName } from "../../contracts/display-text.ts";

const ThreadInput = z.object({
  beforeSeq: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
const ThreadOutput = z.object({
  conversationId: z.string().nullable(),
  lastSeq: z.number().int(),
  messages: z.array(visitorMessageSchema),
  hasOlder: z.boolean(),
  visitorReadSeq: z.number().int(),
  agentReadSeq: z.number().int(),
});
/** `fresh`: sent from "New conversation" (server/domain/conversations/reopen-decision.ts). */
const SendInput = z.object({ clientMsgId: clientMsgIdSchema, body: messageBodySchema, fresh: z.boolean().optional() });
const ConversationsOutput = z.array(
  z.object({
    id: z.string(),
    state: z.string(),
    createdAt: z.string(),
    lastMessageAt: z.string().nullable(),
    preview: z.string().nullable(),
    current: z.boolean(),
  }),
);
const PastConversationInput = z.object({
  conversationId: z.string().min(1).max(30),
  beforeSeq: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
const PastConversationOutput = z.object({
  conversationId: z.string(),
  state: z.string(),
  messages: z.array(visitorMessageSchema),
  hasOlder: z.boolean(),
});
/** lastEventId is the last seq the client has, as tRPC's tracked() id; tRPC resends it on reconnect. */
const TypingInput = z.object({ typing: z.boolean(), draft: draftBodySchema.optional() });
const MarkReadInput = z.object({ seq: readSeqSchema });
const MarkReadOutput = z.object({ seq: z.number().int() });
const IdentifyInput = z
  .object({
    id: z.string().min(1, "id is empty").max(120).optional(),
    name: z.string().max(120).transform(displayName).optional(),
    email: z.email().max(limits.email).optional(),
    avatar: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
    hash: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "hash must be a hex HMAC-SHA256")
      .optional(),
    /** An identity JWT (HS256, the site's identity secret): claims sub, exp, name, email. */
    jwt: z
      .string()
      .max(4096)
      .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, "jwt must be a compact JWT")
      .optional(),
  })
  .refine((input) => input.jwt !== undefined || input.id !== undefined, { path: ["id"], message: "id is required (or a jwt)" })
  .refine(
    (input) =>
      input.jwt === undefined ||
      (input.id === undefined && input.hash === undefined && input.name === undefined && input.email === undefined),
    {
      path: ["jwt"],
      message: "with a jwt, id, name and email come from its claims; send them in the token",
    },
  );
const IdentifyOutput = z.object({ verified: z.boolean(), nameVerified: z.boolean(), emailVerified: z.boolean(), switched: z.boolean() });
const AttributesInput = z.object({
  attributes: z
    .record(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/), z.union([z.string().max(500), z.number().finite(), z.boolean()]))
    .refine((attributes) => Object.keys(attributes).length <= 50, "at most 50 attributes"),
});
const AttributesOutput = z.object({ count: z.number().int() });
const LeaveMessageInput = z.object({
  name: z
    .string()
    .transform(displayName)
    .pipe(z.string().trim().min(1, "your name is required").max(120, "name is longer than 120 characters")),
  email: z.email("enter a valid email address").max(254),
  body: messageBodySchema,
  clientMsgId: clientMsgIdSchema,
});
const PreChatInput = z.object({
  answers: z
    .record(z.string().max(40), z.string().max(500, "an answer is longer than 500 characters"))
    .refine((answers) => Object.keys(answers).length <= 6, "at most 6 answers"),
});
const RateInput = z.object({
  score: z.number().int("rate with a whole number from 1 to 5").min(1, "rate from 1 to 5").max(5, "rate from 1 to 5"),
  comment: z.string().max(1000, "comment is longer than 1000 characters").optional(),
});
const OnThreadInput = z.object({
  lastEventId: z
    .string()
    .regex(/^\d{1,10}$/, "lastEventId must be a seq")
    .nullish(),
});

/** visitor.send, defined once: over WebSocket it is also answered beside tRPC (server/trpc/lean-calls.ts). */
export const visitorSend = {
  input: SendInput,
  output: sendAckSchema,
  async run(deps: Deps, visitor: VisitorIdentity, input: z.infer<typeof SendInput>): Promise<SendAck> {
    await spendVisitorMessage(deps, visitor);
    return sendVisitorMessage(deps, visitor, input);
  },
};

export const visitorRouter = router({
  thread: visitorProcedure
    .input(ThreadInput)
    .output(ThreadOutput)
    .query(({ ctx, input }) => visitorThread(ctx.deps, ctx.visitor, input)),

  send: visitorProcedure
    .input(visitorSend.input)
    .output(visitorSend.output)
    .mutation(({ ctx, input }) => visitorSend.run(ctx.deps, ctx.visitor, input)),

  /** The visitor's thread, live. Ends at once when the visitor has no conversation yet (subscribe after the first send). */
  onThread: visitorProcedure.input(OnThreadInput).subscription(async function* ({ ctx, input, signal, batchIndex }) {
    const conversation = await visitorWatchedConversation(ctx.deps, ctx.visitor, signal!);
    if (!conversation) return;
    const thread = {
      organizationId: ctx.visitor.organizationId,
      conversationId: conversation.id,
      afterSeq: Number(input.lastEventId ?? 0),
      knownLastSeq: conversation.lastSeq,
      signal: signal!,
    };
    // Over this node's WebSocket the watch writes the frames itself (realtime/thread-frames.ts); elsewhere it yields.
    const lean = claimLeanSubscription("visitor.onThread", { batchIndex });
    if (lean) return void (await mapAppError(watchVisitorThreadFrames(ctx.deps, thread, lean)));
    const stream = streamThread(ctx.deps, thread);
    const named = authorNames(ctx.deps, ctx.visitor.organizationId);
    for await (const message of stream) {
      if (isVisibleToVisitor(message)) yield tracked(String(message.seq), (await named([message]))[0]!);
    }
  }),

  /** The visitor's conversations, newest first (this device's; every device's once their identity is verified). */
  conversations: visitorProcedure.output(ConversationsOutput).query(({ ctx }) => listVisitorConversations(ctx.deps, ctx.visitor)),

  /** A past conversation, read-only, a page at a time. */
  pastConversation: visitorProcedure
    .input(PastConversationInput)
    .output(PastConversationOutput)
    .query(({ ctx, input }) => visitorConversationPage(ctx.deps, ctx.visitor, input)),

  /** Throttled by the client (~300 ms). `draft` is the unsent text, shown live to agents. */
  typing: visitorProcedure
    .input(TypingInput)
    .output(z.void())
    .mutation(({ ctx, input }) => sendVisitorTyping(ctx.deps, ctx.visitor, input)),

  /** The offline form: name, email and the message, when nobody is online (server/domain/email-replies). */
  leaveMessage: visitorProcedure
    .input(LeaveMessageInput)
    .output(sendAckSchema)
    .mutation(async ({ ctx, input }) => {
      await spendVisitorMessage(ctx.deps, ctx.visitor);
      return leaveMessage(ctx.deps, ctx.visitor, input);
    }),

  /** Answers to the site's pre-chat questions, before the first message (server/domain/visitors/pre-chat.ts). */
  preChat: visitorProcedure.input(PreChatInput).mutation(({ ctx, input }) => submitPreChat(ctx.deps, ctx.visitor, input.answers)),

  /** CSAT once the chat is resolved (server/domain/conversations/rate-conversation.ts). */
  rate: visitorProcedure.input(RateInput).mutation(({ ctx, input }) => rateConversation(ctx.deps, ctx.visitor, input)),

  /** From the SDK's identify(): verified only for what the site signed, HMAC of `id` or a JWT (domain/visitors/identify-visitor.ts). */
  identify: visitorProcedure
    .input(IdentifyInput)
    .output(IdentifyOutput)
    .mutation(({ ctx, input }) => identifyVisitor(ctx.deps, ctx.visitor, input)),

  setAttributes: visitorProcedure
    .input(AttributesInput)
    .output(AttributesOutput)
    .mutation(({ ctx, input }) => setVisitorAttributes(ctx.deps, ctx.visitor, input.attributes)),

  markRead: visitorProcedure
    .input(MarkReadInput)
    .output(MarkReadOutput)
    .mutation(({ ctx, input }) => markReadByVisitor(ctx.deps, ctx.visitor, input)),

  /** Agent typing, read marks and the visitor's place in the queue, live. Ends at once before the first message. */
  onSignals: visitorProcedure.subscription(async function* ({ ctx, signal }) {
    const conversation = await visitorWatchedConversation(ctx.deps, ctx.visitor, signal!);
    if (!conversation) {
      yield* streamVisitorAvailability(ctx.deps, { organizationId: ctx.visitor.organizationId, signal: signal! });
      return;
    }
    yield* streamVisitorSignals(ctx.deps, { organizationId: ctx.visitor.organizationId, conversationId: conversation.id, signal: signal! });
  }),
});
