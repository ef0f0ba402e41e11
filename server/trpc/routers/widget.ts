import { z } from "zod";
import { limits } from "../../contracts/limits.ts";
import { isTimeZone } from "../../contracts/routing.ts";
import { spendWidgetSession } from "../../domain/limits/visitor-budgets.ts";
import { openVisitorSession } from "../../domain/sites/open-visitor-session.ts";
import { publicProcedure, router } from "../init.ts";

const SessionInput = z.object({
  siteKey: z.string().min(1).max(limits.siteKey),
  deviceId: z
    .string()
    .min(16, "deviceId must be at least 16 characters")
    .max(limits.deviceId)
    .regex(/^[A-Za-z0-9_-]+$/, "deviceId may contain only letters, digits, '-' and '_'"),
  page: z.url().max(limits.pageUrl).optional(),
  referrer: z.url().max(limits.pageUrl).optional(),
  language: z
    .string()
    .max(35, "language must be a BCP 47 tag such as en or zh-CN")
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "language must be a BCP 47 tag such as en or zh-CN")
    .optional(),
  timezone: z.string().max(64).refine(isTimeZone, "timezone must be an IANA time zone").optional(),
});

const SessionOutput = z.object({ token: z.string(), expiresAt: z.string(), visitorId: z.string() });

export const widgetRouter = router({
  /** Opens (or refreshes) a visitor session; the page's Origin must be allowed for the site. Budgeted per address. */
  session: publicProcedure
    .input(SessionInput)
    .output(SessionOutput)
    .mutation(async ({ ctx, input }) => {
      await spendWidgetSession(ctx.deps, ctx.ip);
      return openVisitorSession(ctx.deps, {
        ...input,
        origin: ctx.origin,
        requestHost: ctx.host,
        userAgent: ctx.userAgent,
        ip: ctx.ip,
      });
    }),
});
