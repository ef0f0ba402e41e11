import { router } from "../../init.ts";
import { adminAgentsRouter } from "./agents.ts";
import { adminLabelsRouter } from "./labels.ts";
import { adminAuditRouter } from "./audit.ts";
import { adminBotRouter } from "./bot.ts";
import { adminCannedRouter } from "./canned.ts";
import { adminOrgRouter } from "./org.ts";
import { adminReportsRouter } from "./reports.ts";
import { adminRoutingRouter } from "./routing.ts";
import { adminSitesRouter } from "./sites.ts";
import { adminSystemRouter } from "./system.ts";
import { adminTeamsRouter } from "./teams.ts";
import { adminTokensRouter } from "./tokens.ts";
import { adminWebhooksRouter } from "./webhooks.ts";
import { adminWidgetRouter } from "./widget.ts";

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
