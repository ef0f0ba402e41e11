import { z } from "zod";
import { limits } from "../../../contracts/limits.ts";
import { clientMsgIdSchema, messageBodySchema } from "../../../contracts/messages.ts";
import { assignToAgent } from "../../../domain/conversations/assign-to-agent.ts";
import { reopenConversation } from "../../../domain/conversations/reopen-conversation.ts";
import { resolveConversation } from "../../../domain/conversations/resolve-conversation.ts";
import { snoozeConversation } from "../../../domain/conversations/snooze-conversation.ts";
import { transferToTeam } from "../../../domain/conversations/transfer-to-team.ts";
import { sendAgentNote } from "../../../domain/messages/send-agent-note.ts";
import { blockVisitor, unblockVisitor } from "../../../domain/visitors/blocks.ts";
import { agentProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(limits.id);
const Versioned = z.object({ conversationId: id, expectedVersion: z.number().int().min(0) });
const AssignInput = Versioned.extend({
  /** Omitted: assign to me. */
  assigneeId: id.optional(),
  note: z.string().max(limits.messageBody, `note is longer than ${limits.messageBody} characters`).optional(),
  /** Transfer to an agent at their maxConcurrentChats anyway (audited); without it such a transfer is refused. */
  overrideCapacity: z.boolean().optional(),
});
const TeamTransferInput = Versioned.extend({
  teamId: id,
  note: z.string().max(limits.messageBody, `note is longer than ${limits.messageBody} characters`).optional(),
});
const SnoozeInput = Versioned.extend({ until: z.iso.datetime({ offset: true, message: "until must be an ISO date-time" }) });
const BlockInput = Versioned.extend({ reason: z.string().max(200).optional() });
const NoteInput = z.object({ conversationId: id, clientMsgId: clientMsgIdSchema, body: messageBodySchema });
const VersionOutput = z.object({ version: z.number().int() });

/** Conversation actions from the inbox; every one is a compare-and-set on the version the agent saw. */
export const agentActionsRouter = router({
  assign: agentProcedure
    .input(AssignInput)
    .output(VersionOutput)
    .mutation(({ ctx, input }) => assignToAgent(ctx.deps, ctx.agent, { ...input, assigneeId: input.assigneeId ?? ctx.agent.userId })),

  /** To a team's queue rather than a person: unassigned, served by the team's strategy. */
  transferToTeam: agentProcedure
    .input(TeamTransferInput)
    .output(VersionOutput)
    .mutation(({ ctx, input }) => transferToTeam(ctx.deps, ctx.agent, input)),

  resolve: agentProcedure
    .input(Versioned)
    .output(VersionOutput)
    .mutation(({ ctx, input }) => resolveConversation(ctx.deps, ctx.agent, input)),

  reopen: agentProcedure
    .input(Versioned)
    .output(VersionOutput)
    .mutation(({ ctx, input }) => reopenConversation(ctx.deps, ctx.agent, input)),

  snooze: agentProcedure
    .input(SnoozeInput)
    .output(VersionOutput)
    .mutation(({ ctx, input }) => snoozeConversation(ctx.deps, ctx.agent, { ...input, until: new Date(input.until) })),

  block: agentProcedure
    .input(BlockInput)
    .output(VersionOutput)
    .mutation(({ ctx, input }) => blockVisitor(ctx.deps, ctx.agent, input)),

  unblock: agentProcedure.input(z.object({ visitorId: id })).mutation(({ ctx, input }) => unblockVisitor(ctx.deps, ctx.agent, input)),

  /** A private note: agents only, never on any visitor channel. `@Name` mentions notify those agents. */
  note: agentProcedure.input(NoteInput).mutation(({ ctx, input }) => sendAgentNote(ctx.deps, ctx.agent, input)),
});
