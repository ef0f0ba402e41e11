import { z } from "zod";
import { apiScopes, createApiToken, listApiTokens, revokeApiToken } from "../../../domain/api-tokens/api-tokens.ts";
import { adminProcedure, router } from "../../init.ts";

const CreateInput = z.object({
  name: z.string().trim().min(1, "name is required").max(120),
  scopes: z.array(z.enum(apiScopes)).min(1, "pick at least one scope").max(3),
});
const RevokeInput = z.object({ id: z.string().min(1).max(30) });

export const adminTokensRouter = router({
  list: adminProcedure.query(({ ctx }) => listApiTokens(ctx.deps, ctx.agent.organizationId)),
  /** Returns the token once; only its hash is kept. */
  create: adminProcedure.input(CreateInput).mutation(({ ctx, input }) => createApiToken(ctx.deps, ctx.agent, input)),
  revoke: adminProcedure.input(RevokeInput).mutation(({ ctx, input }) => revokeApiToken(ctx.deps, ctx.agent, input)),
});
