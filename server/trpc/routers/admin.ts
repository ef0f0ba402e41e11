import { router } from "../init.ts";
import { adminAuditRouter } from "./admin-audit.ts";
import { adminReportsRouter } from "./admin-reports.ts";
import { adminTokensRouter } from "./admin-tokens.ts";
import { adminWebhooksRouter } from "./admin-webhooks.ts";

/** Everything under /dashboard: admin role only (each procedure is an adminProcedure). One line per area. */
export const adminRouter = router({
  tokens: adminTokensRouter,
  audit: adminAuditRouter,
  webhooks: adminWebhooksRouter,
  reports: adminReportsRouter,
});
