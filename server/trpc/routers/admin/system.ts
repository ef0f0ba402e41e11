import { assertInstallationAdmin, listNodes } from "../../../domain/nodes/list-nodes.ts";
import { watchNodes } from "../../../realtime/node-watch.ts";
import { adminProcedure, mapAppError, router } from "../../init.ts";
import { adminReleasesRouter } from "./releases.ts";

/** The deployment itself, read-only: which serving processes are up. Holds no organization's data; only the owning organization's admins see it. */
export const adminSystemRouter = router({
  nodes: adminProcedure.query(({ ctx }) => listNodes(ctx.deps, ctx.agent)),
  /** The same list, again each time a node joins or leaves (within milliseconds) and every few seconds. */
  onNodes: adminProcedure.subscription(async function* ({ ctx, signal }) {
    // A subscription body runs after the middleware returned: it maps its own refusals (init.ts).
    await mapAppError(assertInstallationAdmin(ctx.deps, ctx.agent));
    yield* watchNodes(ctx.deps, signal!);
  }),
  releases: adminReleasesRouter,
});
