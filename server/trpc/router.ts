import { router } from "./init.ts";
import { adminRouter } from "./routers/admin/index.ts";
import { agentRouter } from "./routers/agent/index.ts";
import { authRouter } from "./routers/auth.ts";
import { invitationRouter } from "./routers/invitation.ts";
import { visitorRouter } from "./routers/visitor.ts";
import { widgetRouter } from "./routers/widget.ts";

export const appRouter = router({
  widget: widgetRouter,
  visitor: visitorRouter,
  auth: authRouter,
  agent: agentRouter,
  admin: adminRouter,
  invitation: invitationRouter,
});

export type AppRouter = typeof appRouter;
