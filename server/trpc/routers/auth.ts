import { TRPCError } from "@trpc/server";
import { serialize } from "cookie";
import { z } from "zod";
import { limits } from "../../contracts/limits.ts";
import { logIn, logOut, sessionCookieName } from "../../domain/agents/sessions.ts";
import { agentProcedure, publicProcedure, router } from "../init.ts";
import type { Context } from "../context.ts";

const LoginInput = z.object({
  email: z.string().min(3).max(limits.email),
  password: z.string().min(1, "password is required").max(limits.password),
});

function cookie(ctx: Context, value: string, expires: Date) {
  return serialize(sessionCookieName, value, {
    httpOnly: true,
    sameSite: "lax",
    secure: ctx.deps.publicUrl.startsWith("https://"),
    path: "/",
    expires,
  });
}

function requireHttp(ctx: Context) {
  if (!ctx.setCookie) throw new TRPCError({ code: "BAD_REQUEST", message: "log in over HTTP, not the WebSocket" });
  return ctx.setCookie;
}

export const authRouter = router({
  login: publicProcedure.input(LoginInput).mutation(async ({ ctx, input }) => {
    const setCookie = requireHttp(ctx);
    const session = await logIn(ctx.deps, input);
    setCookie(cookie(ctx, session.token, session.expiresAt));
    return { agent: session.agent };
  }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    const setCookie = requireHttp(ctx);
    await logOut(ctx.deps, ctx.sessionToken ?? undefined);
    setCookie(cookie(ctx, "", new Date(0)));
    return { ok: true };
  }),

  me: agentProcedure.query(({ ctx }) => ctx.agent),
});
