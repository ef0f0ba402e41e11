import { z } from "zod";
import { limits } from "../../../contracts/limits.ts";
import { listLabels, setConversationLabel } from "../../../domain/labels/labels.ts";
import { agentProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(limits.id);
const SetInput = z.object({ conversationId: id, labelId: id });

/** The organization's labels, and putting them on or off a conversation (any agent). */
export const agentLabelsRouter = router({
  list: agentProcedure.query(({ ctx }) => listLabels(ctx.deps, ctx.agent.organizationId)),
  add: agentProcedure.input(SetInput).mutation(({ ctx, input }) => setConversationLabel(ctx.deps, ctx.agent, { ...input, on: true })),
  remove: agentProcedure.input(SetInput).mutation(({ ctx, input }) => setConversationLabel(ctx.deps, ctx.agent, { ...input, on: false })),
});
