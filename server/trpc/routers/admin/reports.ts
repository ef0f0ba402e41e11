import { z } from "zod";
import { conversationReport, conversationReportCsv } from "../../../domain/reports/conversation-report.ts";
import { businessHoursSchema } from "../../../contracts/routing.ts";
import { adminProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(30);
const ReportInput = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  siteId: id.optional(),
  teamId: id.optional(),
  agentId: id.optional(),
  timezone: businessHoursSchema.shape.timezone.default("UTC"),
});

const filtersOf = (organizationId: string, input: z.infer<typeof ReportInput>) => ({
  ...input,
  organizationId,
  from: new Date(input.from),
  to: new Date(input.to),
});

export const adminReportsRouter = router({
  conversations: adminProcedure
    .input(ReportInput)
    .query(({ ctx, input }) => conversationReport(ctx.deps, filtersOf(ctx.agent.organizationId, input))),
  /** The same range as CSV text (the dashboard offers it as a download). */
  conversationsCsv: adminProcedure
    .input(ReportInput)
    .query(({ ctx, input }) => conversationReportCsv(ctx.deps, filtersOf(ctx.agent.organizationId, input))),
});
