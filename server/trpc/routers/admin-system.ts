import { listNodes } from "../../domain/nodes/list-nodes.ts";
import { adminProcedure, router } from "../init.ts";
import { adminReleasesRouter } from "./admin-releases.ts";

/** The deployment itself, read-only: which serving processes are up. Holds no organization's data; only the owning organization's admins see it. */
export const adminSystemRouter = router({
  nodes: adminProcedure.query(({ ctx }) => listNodes(ctx.deps, ctx.agent)),
  releases: adminReleasesRouter,
});
