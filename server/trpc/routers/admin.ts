import { router } from "../init.ts";
import { adminAgentsRouter } from "./admin-agents.ts";
import { adminLabelsRouter } from "./admin-labels.ts";
import { adminAuditRouter } from "./admin-audit.ts";
import { adminBotRouter } from "./admin-bot.ts";
import { adminCannedRouter } from "./admin-canned.ts";
import { adminOrgRouter } from "./admin-org.ts";
import { adminReportsRouter } from "./admin-reports.ts";
import { adminRoutingRouter } from "./admin-routing.ts";
import { adminSitesRouter } from "./admin-sites.ts";
import { adminSystemRouter } from "./admin-system.ts";
import { adminTeamsRouter } from "./admin-teams.ts";
import { adminTokensRouter } from "./admin-tokens.ts";
import { adminWebhooksRouter } from "./admin-webhooks.ts";
import { adminWidgetRouter } from "./admin-widget.ts";

/** Everything under /dashboard: admin role only (each procedure is an adminProcedure). One line per area. */
export const adminRouter = router({
  tokens: adminTokensRouter,
  audit: adminAuditRouter,
  webhooks: adminWebhooksRouter,
  reports: adminReportsRouter,
  organization: adminOrgRouter,
  agents: adminAgentsRouter,
  teams: adminTeamsRouter,
  sites: adminSitesRouter,
  routing: adminRoutingRouter,
  bot: adminBotRouter,
  labels: adminLabelsRouter,
  widget: adminWidgetRouter,
  canned: adminCannedRouter,
  system: adminSystemRouter,
});
