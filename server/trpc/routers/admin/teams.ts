import { z } from "zod";
import { limits } from "../../../contracts/limits.ts";
import { businessHoursSchema } from "../../../contracts/routing.ts";
import { createTeam, deleteTeam, listTeams, setTeamMembers, updateTeam } from "../../../domain/teams/manage-teams.ts";
import { adminProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(limits.id);
const name = z.string().trim().min(1, "name is required").max(120);
const strategy = z.enum(["round_robin", "least_busy"], { error: "strategy must be round_robin or least_busy" });

const CreateInput = z.object({ name, strategy: strategy.default("round_robin") });
/** businessHours: null = always open. */
const UpdateInput = z.object({
  id,
  name: name.optional(),
  strategy: strategy.optional(),
  businessHours: businessHoursSchema.nullable().optional(),
});
const MembersInput = z.object({ id, userIds: z.array(id).max(500) });
const IdInput = z.object({ id });

export const adminTeamsRouter = router({
  list: adminProcedure.query(({ ctx }) => listTeams(ctx.deps, ctx.agent.organizationId)),
  create: adminProcedure.input(CreateInput).mutation(({ ctx, input }) => createTeam(ctx.deps, ctx.agent, input)),
  update: adminProcedure.input(UpdateInput).mutation(({ ctx, input }) => updateTeam(ctx.deps, ctx.agent, input)),
  setMembers: adminProcedure.input(MembersInput).mutation(({ ctx, input }) => setTeamMembers(ctx.deps, ctx.agent, input)),
  delete: adminProcedure.input(IdInput).mutation(({ ctx, input }) => deleteTeam(ctx.deps, ctx.agent, input)),
});
