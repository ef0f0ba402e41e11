import { z } from "zod";
import { limits } from "../../../contracts/limits.ts";
import { routingRuleSchema } from "../../../contracts/routing.ts";
import {
  addRoutingRule,
  deleteRoutingRule,
  listRoutingRules,
  reorderRoutingRules,
  updateRoutingRule,
} from "../../../domain/routing/manage-routing-rules.ts";
import { adminProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(limits.id);

const SiteInput = z.object({ siteId: id });
const CreateInput = routingRuleSchema.extend({ siteId: id });
const UpdateInput = routingRuleSchema.extend({ id });
const ReorderInput = z.object({ siteId: id, ruleIds: z.array(id).max(100) });
const IdInput = z.object({ id });

export const adminRoutingRouter = router({
  list: adminProcedure.input(SiteInput).query(({ ctx, input }) => listRoutingRules(ctx.deps, ctx.agent.organizationId, input.siteId)),
  create: adminProcedure.input(CreateInput).mutation(({ ctx, input }) => addRoutingRule(ctx.deps, ctx.agent, input)),
  update: adminProcedure.input(UpdateInput).mutation(({ ctx, input }) => updateRoutingRule(ctx.deps, ctx.agent, input)),
  reorder: adminProcedure.input(ReorderInput).mutation(({ ctx, input }) => reorderRoutingRules(ctx.deps, ctx.agent, input)),
  delete: adminProcedure.input(IdInput).mutation(({ ctx, input }) => deleteRoutingRule(ctx.deps, ctx.agent, input)),
});
