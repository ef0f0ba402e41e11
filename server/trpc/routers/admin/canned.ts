import { z } from "zod";
import { cannedLimits, sharedCannedInputSchema } from "../../../contracts/inbox.ts";
import { limits } from "../../../contracts/limits.ts";
import { createSharedCanned, deleteSharedCanned, listSharedCanned, updateSharedCanned } from "../../../domain/canned/shared-canned.ts";
import { adminProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(limits.id);
const ListInput = z.object({
  query: z.string().max(cannedLimits.search, `search is longer than ${cannedLimits.search} characters`).optional(),
});

/** The organization's shared canned responses (the inbox's picker offers them to every agent). */
export const adminCannedRouter = router({
  list: adminProcedure.input(ListInput).query(({ ctx, input }) => listSharedCanned(ctx.deps, ctx.agent.organizationId, input)),
  create: adminProcedure.input(sharedCannedInputSchema).mutation(({ ctx, input }) => createSharedCanned(ctx.deps, ctx.agent, input)),
  update: adminProcedure
    .input(sharedCannedInputSchema.extend({ id }))
    .mutation(({ ctx, input }) => updateSharedCanned(ctx.deps, ctx.agent, input)),
  delete: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteSharedCanned(ctx.deps, ctx.agent, input)),
});
