import { TRPCError } from "@trpc/server";
import { serialize } from "cookie";
import { z } from "zod";
import { signedInAgent } from "../../domain/organizations/organization-settings.ts";
import { limits } from "../../contracts/limits.ts";
import { changePassword, endOtherSessions, logIn, logOut, sessionCookieName } from "../../domain/agents/sessions.ts";
import { signUp } from "../../domain/organizations/sign-up.ts";
import { agentProcedure, publicProcedure, router } from "../init.ts";
import type { Context } from "../context.ts";
import { displayName } from "../../contracts/display-text.ts";

const LoginInput = z.object({
  email: z.string().min(3).max(limits.email),
  password: z.string().min(1, "password is required").max(limits.password),
});

const SignUpInput = z.object({
  organizationName: z.string().trim().min(1, "organization name is required").max(120),
  name: z.string().transform(displayName).pipe(z.string().trim().min(1, "your name is required").max(120)),
  email: z.email("enter a valid email address").max(limits.email),
  password: z.string().min(10, "password must be at least 10 characters").max(limits.password),
});

const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1, "current password is required").max(limits.password),
  newPassword: z.string().min(10, "password must be at least 10 characters").max(limits.password),
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
    const session = await logIn(ctx.deps, input, ctx.ip);
    setCookie(cookie(ctx, session.token, session.expiresAt));
    return { agent: session.agent };
  }),

  /** Whether the sign-up page is open (PUBLIC_SIGNUP), so the login page can offer it. */
  signUpOpen: publicProcedure.query(({ ctx }) => ({ open: ctx.deps.publicSignup === true })),

  signUp: publicProcedure.input(SignUpInput).mutation(async ({ ctx, input }) => {
    const setCookie = requireHttp(ctx);
    const session = await signUp(ctx.deps, input, ctx.ip);
    setCookie(cookie(ctx, session.token, session.expiresAt));
    return { agent: session.agent };
  }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    const setCookie = requireHttp(ctx);
    await logOut(ctx.deps, ctx.sessionToken ?? undefined);
    setCookie(cookie(ctx, "", new Date(0)));
    return { ok: true };
  }),

  me: agentProcedure.query(({ ctx }) => signedInAgent(ctx.deps, ctx.agent)),

  /** Ends every other session of the user (their open sockets close on every node); this one stays. */
  changePassword: agentProcedure.input(ChangePasswordInput).mutation(async ({ ctx, input }) => {
    if (ctx.apiScopes) throw new TRPCError({ code: "FORBIDDEN", message: "an API token cannot change a password" });
    await changePassword(ctx.deps, ctx.agent, ctx.sessionToken, input);
    return { ok: true };
  }),

  /** "Sign out everywhere else". */
  endOtherSessions: agentProcedure.mutation(({ ctx }) => endOtherSessions(ctx.deps, ctx.agent, ctx.sessionToken)),
});
