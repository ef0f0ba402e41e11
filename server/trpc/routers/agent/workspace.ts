import { z } from "zod";
import { limits } from "../../../contracts/limits.ts";
import { agentStatuses } from "../../../presence/presence-store.ts";
import { cannedInputSchema } from "../../../contracts/inbox.ts";
import {
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from "../../../domain/canned/canned-responses.ts";
import { listAgentPresence, setAgentStatus } from "../../../domain/presence/agent-presence.ts";
import { searchInbox } from "../../../domain/search/search-inbox.ts";
import { visitorContext } from "../../../domain/visitors/visitor-context.ts";
import { listTeamChoices } from "../../../domain/routing/team-choices.ts";
import { getConversationSummary } from "../../../domain/conversations/get-summary.ts";
import { streamPersonal, streamPresence } from "../../../realtime/agent-streams.ts";
import { agentProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(limits.id);
const SearchInput = z.object({
  query: z
    .string()
    .max(100, "search is longer than 100 characters")
    .refine((query) => query.trim().length > 0, "search is empty"),
});

/** Everything around the thread: colleagues and their presence, canned responses, search, the visitor panel. */
export const agentWorkspaceRouter = router({
  agents: agentProcedure.query(({ ctx }) => listAgentPresence(ctx.deps, ctx.agent.organizationId)),

  /** The teams a conversation can be transferred to. */
  teams: agentProcedure.query(({ ctx }) => listTeamChoices(ctx.deps, ctx.agent.organizationId)),

  /** Set by hand, by auto-away, and refreshed every 30 s by the inbox as a heartbeat. */
  setStatus: agentProcedure
    .input(z.object({ status: z.enum(agentStatuses) }))
    .mutation(({ ctx, input }) => setAgentStatus(ctx.deps, ctx.agent, input.status)),

  /** Other agents' status changes, live. */
  onPresence: agentProcedure.subscription(({ ctx, signal }) => streamPresence(ctx.deps, ctx.agent, signal!)),

  /** Events for this agent only: mentions in notes. */
  onPersonal: agentProcedure.subscription(({ ctx, signal }) => streamPersonal(ctx.deps, ctx.agent, signal!)),

  search: agentProcedure.input(SearchInput).query(({ ctx, input }) => searchInbox(ctx.deps, ctx.agent, input)),

  conversation: agentProcedure
    .input(z.object({ conversationId: id }))
    .query(({ ctx, input }) => getConversationSummary(ctx.deps, ctx.agent, input)),

  visitor: agentProcedure.input(z.object({ visitorId: id })).query(({ ctx, input }) => visitorContext(ctx.deps, ctx.agent, input)),

  canned: router({
    list: agentProcedure.query(({ ctx }) => listCannedResponses(ctx.deps, ctx.agent)),
    create: agentProcedure.input(cannedInputSchema).mutation(({ ctx, input }) => createCannedResponse(ctx.deps, ctx.agent, input)),
    update: agentProcedure
      .input(cannedInputSchema.extend({ id }))
      .mutation(({ ctx, input }) => updateCannedResponse(ctx.deps, ctx.agent, input)),
    delete: agentProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteCannedResponse(ctx.deps, ctx.agent, input)),
  }),
});
