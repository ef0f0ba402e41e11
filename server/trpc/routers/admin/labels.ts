import { z } from "zod";
import { labelColorSchema, labelNameSchema } from "../../../contracts/labels.ts";
import { limits } from "../../../contracts/limits.ts";
import { createLabel, deleteLabel, listLabels, updateLabel } from "../../../domain/labels/labels.ts";
import { adminProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(limits.id);
const CreateInput = z.object({ name: labelNameSchema, color: labelColorSchema });
const UpdateInput = z.object({ id, name: labelNameSchema.optional(), color: labelColorSchema.optional() });

export const adminLabelsRouter = router({
  list: adminProcedure.query(({ ctx }) => listLabels(ctx.deps, ctx.agent.organizationId)),
  create: adminProcedure.input(CreateInput).mutation(({ ctx, input }) => createLabel(ctx.deps, ctx.agent, input)),
  update: adminProcedure.input(UpdateInput).mutation(({ ctx, input }) => updateLabel(ctx.deps, ctx.agent, input)),
  delete: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteLabel(ctx.deps, ctx.agent, input)),
});
