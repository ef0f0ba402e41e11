import { z } from "zod";
import { limits } from "../../../contracts/limits.ts";
import { createInvitation, listInvitations, revokeInvitation } from "../../../domain/invitations/invitations.ts";
import { deactivateAgent, listAgents, reactivateAgent, updateAgent } from "../../../domain/organizations/manage-agents.ts";
import { adminProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(limits.id);
const role = z.enum(["admin", "agent"], { error: "role must be admin or agent" });

const UpdateInput = z.object({
  userId: id,
  role: role.optional(),
  maxConcurrentChats: z
    .number()
    .int()
    .min(0, "max concurrent chats must be 0 or more")
    .max(100, "max concurrent chats is at most 100")
    .optional(),
  teamIds: z.array(id).max(50).optional(),
});
const UserInput = z.object({ userId: id });
const InviteInput = z.object({ email: z.email("email is not valid").max(limits.email), role });
const IdInput = z.object({ id });

export const adminAgentsRouter = router({
  list: adminProcedure.query(({ ctx }) => listAgents(ctx.deps, ctx.agent.organizationId)),
  update: adminProcedure.input(UpdateInput).mutation(({ ctx, input }) => updateAgent(ctx.deps, ctx.agent, input)),
  deactivate: adminProcedure.input(UserInput).mutation(({ ctx, input }) => deactivateAgent(ctx.deps, ctx.agent, input)),
  reactivate: adminProcedure.input(UserInput).mutation(({ ctx, input }) => reactivateAgent(ctx.deps, ctx.agent, input)),
  invitations: adminProcedure.query(({ ctx }) => listInvitations(ctx.deps, ctx.agent.organizationId)),
  /** Returns the invitation link once; only its hash is kept. */
  invite: adminProcedure.input(InviteInput).mutation(({ ctx, input }) => createInvitation(ctx.deps, ctx.agent, input)),
  revokeInvitation: adminProcedure.input(IdInput).mutation(({ ctx, input }) => revokeInvitation(ctx.deps, ctx.agent, input)),
});
