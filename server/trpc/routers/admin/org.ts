import { z } from "zod";
import { getOrganizationSettings, updateOrganizationSettings } from "../../../domain/organizations/organization-settings.ts";
import { businessHoursSchema } from "../../../contracts/routing.ts";
import { adminProcedure, router } from "../../init.ts";

export const organizationLanguages = ["en", "zh-CN"] as const;

const UpdateInput = z.object({
  name: z.string().trim().min(1, "name is required").max(200).optional(),
  defaultLanguage: z.enum(organizationLanguages, { error: "language must be en or zh-CN" }).optional(),
  timezone: businessHoursSchema.shape.timezone.optional(),
});

export const adminOrgRouter = router({
  get: adminProcedure.query(({ ctx }) => getOrganizationSettings(ctx.deps, ctx.agent.organizationId)),
  update: adminProcedure.input(UpdateInput).mutation(({ ctx, input }) => updateOrganizationSettings(ctx.deps, ctx.agent, input)),
});
