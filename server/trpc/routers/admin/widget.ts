import { z } from "zod";
import { limits } from "../../../contracts/limits.ts";
import { readSiteWidget, rotateIdentitySecret, updateSiteWidget } from "../../../domain/sites/site-widget.ts";
import { widgetSettingsSchema } from "../../../contracts/widget-settings.ts";
import { adminProcedure, router } from "../../init.ts";

const siteId = z.string().min(1).max(limits.id);
const GetInput = z.object({ siteId });
const UpdateInput = z.object({ siteId, settings: widgetSettingsSchema });
const RotateInput = z.object({ siteId });

/** A site's widget look and behaviour, and its identity secret for identify() (shown once, when rotated). */
export const adminWidgetRouter = router({
  get: adminProcedure.input(GetInput).query(({ ctx, input }) => readSiteWidget(ctx.deps, ctx.agent.organizationId, input.siteId)),
  update: adminProcedure.input(UpdateInput).mutation(({ ctx, input }) => updateSiteWidget(ctx.deps, ctx.agent, input)),
  rotateIdentitySecret: adminProcedure
    .input(RotateInput)
    .mutation(({ ctx, input }) => rotateIdentitySecret(ctx.deps, ctx.agent, input.siteId)),
});
