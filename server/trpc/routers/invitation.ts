import { z } from "zod";
import { limits } from "../../contracts/limits.ts";
import { acceptInvitation, describeInvitation } from "../../domain/invitations/invitations.ts";
import { publicProcedure, router } from "../init.ts";
import { displayName } from "../../contracts/display-text.ts";

const token = z.string().min(20).max(100);

/** The invitation link's page: public (the link's token is the credential), before the person has an account. */
export const invitationRouter = router({
  describe: publicProcedure.input(z.object({ token })).query(({ ctx, input }) => describeInvitation(ctx.deps, input.token)),
  accept: publicProcedure
    .input(
      z.object({
        token,
        name: z.string().transform(displayName).pipe(z.string().trim().min(1, "name is required").max(120)),
        password: z.string().min(10, "password must be at least 10 characters").max(limits.password),
      }),
    )
    .mutation(({ ctx, input }) => acceptInvitation(ctx.deps, input)),
});
