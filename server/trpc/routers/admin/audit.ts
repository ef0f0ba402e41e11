import { z } from "zod";
import { listAudit } from "../../../domain/audit/record-audit.ts";
import { withAuditNames } from "../../../domain/audit/audit-names.ts";
import { adminProcedure, router } from "../../init.ts";

const ListInput = z.object({
  action: z.string().max(64).optional(),
  actorId: z.string().max(30).optional(),
  targetType: z.string().max(32).optional(),
  before: z.iso.datetime().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const adminAuditRouter = router({
  list: adminProcedure.input(ListInput).query(async ({ ctx, input }) =>
    withAuditNames(
      ctx.deps,
      ctx.agent.organizationId,
      await listAudit(ctx.deps, {
        ...input,
        before: input.before ? new Date(input.before) : undefined,
        organizationId: ctx.agent.organizationId,
      }),
    ),
  ),
});
