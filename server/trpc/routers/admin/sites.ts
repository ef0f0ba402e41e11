import { z } from "zod";
import { limits } from "../../../contracts/limits.ts";
import { addSite, listSites, updateSite } from "../../../domain/sites/manage-sites.ts";
import { adminProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(limits.id);
const name = z.string().trim().min(1, "name is required").max(200);
const allowedOrigins = z.array(z.string().trim().min(1).max(300)).max(50, "at most 50 allowed origins");

const CreateInput = z.object({ name, allowedOrigins: allowedOrigins.default([]) });
const UpdateInput = z.object({
  id,
  name: name.optional(),
  allowedOrigins: allowedOrigins.optional(),
  defaultTeamId: id.nullable().optional(),
  autoAssign: z.boolean().optional(),
  maxQueueLength: z.number().int().min(0, "max queue length must be 0 or more").max(10_000, "max queue length is at most 10000").optional(),
});

export const adminSitesRouter = router({
  list: adminProcedure.query(({ ctx }) => listSites(ctx.deps, ctx.agent.organizationId)),
  /** The new site with its siteKey and embed snippet. */
  create: adminProcedure.input(CreateInput).mutation(({ ctx, input }) => addSite(ctx.deps, ctx.agent, input)),
  update: adminProcedure.input(UpdateInput).mutation(({ ctx, input }) => updateSite(ctx.deps, ctx.agent, input)),
});
