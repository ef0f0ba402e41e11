import { z } from "zod";
import { listReleases, promoteRelease, rollbackRelease } from "../../../domain/releases/manage-releases.ts";
import { adminProcedure, router } from "../../init.ts";

const id = z.string().regex(/^[0-9a-f]{12}$/, "a release id is 12 hex digits");
const PromoteInput = z.object({ id, percent: z.number().int().min(1).max(100) });
const RollbackInput = z.object({ id });

/** Canary releases of the widget's panel: the installation's, managed by the owning organization's admins. */
export const adminReleasesRouter = router({
  list: adminProcedure.query(({ ctx }) => listReleases(ctx.deps, ctx.agent)),
  promote: adminProcedure.input(PromoteInput).mutation(({ ctx, input }) => promoteRelease(ctx.deps, ctx.agent, input)),
  rollback: adminProcedure.input(RollbackInput).mutation(({ ctx, input }) => rollbackRelease(ctx.deps, ctx.agent, input)),
});
